package io.huibo.rest.internal;

import io.huibo.api.WebhookUrlPolicy;

/** Checks a URL a webhook will be POSTed to against the install's {@link WebhookUrlPolicy}. */
final class WebhookUrl {
    private final WebhookUrlPolicy policy;

    WebhookUrl(WebhookUrlPolicy policy) {
        this.policy = policy;
    }

    /** The URL, or null when absent; a 400 naming {@code field} and why when it may not receive events. */
    String check(String field, String url) {
        if (url == null) {
            return null;
        }
        policy.refusal(url).ifPresent(why -> {
            throw ApiException.invalidRequest(field + " " + why);
        });
        return url;
    }
}
