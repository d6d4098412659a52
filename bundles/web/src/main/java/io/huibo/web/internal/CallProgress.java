package io.huibo.web.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.huibo.api.CallEvents;
import io.huibo.api.CallState;
import io.huibo.api.WireName;

/** Passes the engine's call events on to the progress streams of the pages that follow those calls. */
@Component(service = {EventHandler.class, CallProgress.class},
        property = EventConstants.EVENT_TOPIC + "=" + CallEvents.TOPIC_ALL)
public class CallProgress implements EventHandler {
    private final Map<String, Set<ProgressStream>> watchers = new ConcurrentHashMap<>();

    void watch(String callId, ProgressStream stream) {
        watchers.compute(callId, (id, streams) -> {
            Set<ProgressStream> set = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            set.add(stream);
            return set;
        });
    }

    void unwatch(String callId, ProgressStream stream) {
        watchers.computeIfPresent(callId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    @Override
    public void handleEvent(Event event) {
        Set<ProgressStream> streams = watchers.get((String) event.getProperty(CallEvents.CALL_ID));
        if (streams == null) {
            return;
        }
        CallState state = WireName.parse(CallState.class, (String) event.getProperty(CallEvents.STATE));
        String outcome = (String) event.getProperty(CallEvents.OUTCOME);
        streams.forEach(stream -> stream.show(state, outcome));
    }

    /** Pages reconnect by themselves, to whatever serves progress next. */
    @Deactivate
    void closeAll() {
        watchers.values().forEach(streams -> streams.forEach(ProgressStream::close));
        watchers.clear();
    }
}
