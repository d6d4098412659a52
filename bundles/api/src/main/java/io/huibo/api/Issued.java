package io.huibo.api;

/**
 * Something just created together with its secret, shown this once: the store keeps the secret
 * encrypted and never gives it out again.
 */
public record Issued<T>(T value, String secret) {

    @Override
    public String toString() {
        return "Issued[" + value + ", secret=****]";
    }
}
