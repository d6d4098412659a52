package io.huibo.webhook.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Binding;
import io.huibo.api.BindingEvents;
import io.huibo.api.BindingService;
import io.huibo.api.Call;
import io.huibo.api.CallEvents;
import io.huibo.api.TenantService;
import io.huibo.api.spi.BindingExpiries;
import io.huibo.api.spi.WebhookOutbox;

/**
 * Webhooks: follows calls and bindings on EventAdmin, queues the contract's events in the outbox
 * before anything is sent, scans for expired bindings, and runs the {@link Dispatcher} that
 * delivers. Its scheduler thread polls and scans; a small pool sends.
 */
// immediate: it must run from the start to resume undelivered events, not wait for EventAdmin's first event
@Component(service = EventHandler.class, configurationPid = "io.huibo.webhook", immediate = true,
        property = {EventConstants.EVENT_TOPIC + "=" + CallEvents.TOPIC_ALL, EventConstants.EVENT_TOPIC + "=" + BindingEvents.TOPIC_ALL})
@Designate(ocd = WebhookConfig.class)
public class WebhookPublisher implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookPublisher.class);
    private static final long POLL_MILLIS = 500;
    private static final long STOP_GRACE_MILLIS = 2000;

    private final BindingService bindings;
    private final EventRecorder recorder;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;

    @Activate
    public WebhookPublisher(@Reference WebhookOutbox outbox, @Reference BindingExpiries expiries,
            @Reference TenantService tenants, @Reference BindingService bindings, @Reference UrlPolicy urls,
            WebhookConfig config) {
        this(outbox, expiries, tenants, bindings, urls, config, Clock.systemUTC());
    }

    WebhookPublisher(WebhookOutbox outbox, BindingExpiries expiries, TenantService tenants, BindingService bindings,
            UrlPolicy urls, WebhookConfig config, Clock clock) {
        this.bindings = bindings;
        this.recorder = new EventRecorder(outbox, expiries, tenants::tenant, clock);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "huibo-webhook-scheduler"));
        AtomicInteger senderCount = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(config.senders(),
                r -> new Thread(r, "huibo-webhook-sender-" + senderCount.incrementAndGet()));
        WebhookClient client = new WebhookClient(tenants, urls, Duration.ofSeconds(config.connectTimeoutSeconds()),
                Duration.ofSeconds(config.requestTimeoutSeconds()));
        this.dispatcher = new Dispatcher(outbox, client, new Backoff(config.backoffBaseMillis(), config.backoffCapMillis()),
                clock, scheduler, senders, config.senders());
        ExpiryScan scan = new ExpiryScan(expiries, recorder, bindings::find, clock);
        // the first poll resumes whatever the last run left undelivered
        scheduler.scheduleWithFixedDelay(dispatcher::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> scan(scan), config.expiryScanSeconds(), config.expiryScanSeconds(),
                TimeUnit.SECONDS);
    }

    @Override
    public void handleEvent(Event event) {
        try {
            if (event.getTopic().startsWith(CallEvents.TOPIC_PREFIX)) {
                // a failure here loses no event for good: the call's next snapshot queues what this one missed
                if (recorder.call((Call) event.getProperty(CallEvents.CALL)) > 0) {
                    dispatcher.nudge();
                }
            } else if (BindingEvents.CREATED.equals(event.getTopic()) || BindingEvents.DELETED.equals(event.getTopic())) {
                binding(event);
            }
        } catch (RuntimeException e) {
            LOG.error("Could not queue the webhook events of {} {}", event.getTopic(),
                    Optional.ofNullable(event.getProperty(CallEvents.CALL_ID)).orElse(event.getProperty(BindingEvents.BINDING_ID)), e);
        }
    }

    private void binding(Event event) {
        boolean created = BindingEvents.CREATED.equals(event.getTopic());
        Optional<Binding> found = bindings.find((String) event.getProperty(BindingEvents.BINDING_ID));
        if (found.isEmpty()) {
            return;
        }
        Binding binding = found.get();
        if (!recorder.announcesBindings(binding.tenantId())) {
            return; // nothing to queue, nor to send
        }
        Instant at = created ? binding.createdAt() : binding.deletedAt();
        recorder.binding(binding, Happening.of(created ? Happening.BINDING_CREATED : Happening.BINDING_DELETED, at));
        dispatcher.nudge();
    }

    private void scan(ExpiryScan scan) {
        try {
            if (scan.run() > 0) {
                dispatcher.nudge();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not scan for expired bindings; trying again shortly", e);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        senders.shutdown();
        try {
            // a moment for attempts under way to be recorded; the rest are interrupted and count
            // for nothing: their events are sent again after the next start
            if (!senders.awaitTermination(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
