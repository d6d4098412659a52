package io.huibo.webhook.internal;

import java.lang.annotation.Annotation;

/**
 * The webhook configuration a test chooses: short waits, so retries happen within a test, and
 * the test's receivers on loopback allowed unless it says otherwise.
 */
record Settings(long backoffBaseMillis, long backoffCapMillis, int requestTimeoutSeconds, int expiryScanSeconds,
        String allowedNetworks) implements WebhookConfig {

    Settings(long backoffBaseMillis, long backoffCapMillis, int requestTimeoutSeconds, int expiryScanSeconds) {
        this(backoffBaseMillis, backoffCapMillis, requestTimeoutSeconds, expiryScanSeconds, "127.0.0.1/32");
    }

    static Settings quick() {
        return new Settings(50, 200, 2, 1);
    }

    @Override
    public int connectTimeoutSeconds() {
        return 1;
    }

    @Override
    public int senders() {
        return 4;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return WebhookConfig.class;
    }
}
