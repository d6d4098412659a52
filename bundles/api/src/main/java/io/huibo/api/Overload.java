package io.huibo.api;

/**
 * Why the engine sheds new calls, in words fit for an error message that names no number, and
 * the seconds a refused client should wait before it tries again ({@code Retry-After}).
 */
public record Overload(String reason, int retryAfterSeconds) {
}
