package io.huibo.rest.internal;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks a URL a webhook will be POSTed to: absolute http or https, with a host. */
final class WebhookUrl {
    private static final int MAX_LENGTH = 2000;

    private WebhookUrl() {
    }

    /** The URL, or null when absent; a 400 naming {@code field} when it is not a usable one. */
    static String check(String field, String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (url.length() <= MAX_LENGTH && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw ApiException.invalidRequest(field + " must be an absolute http or https URL of at most " + MAX_LENGTH + " characters");
    }
}
