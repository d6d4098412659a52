package io.huibo.webhook.internal;

import java.lang.annotation.Annotation;

/** The webhook configuration a test chooses: short waits, so retries happen within a test. */
record Settings(long backoffBaseMillis, long backoffCapMillis, int requestTimeoutSeconds, int expiryScanSeconds)
        implements WebhookConfig {

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
