package io.huibo.api;

/**
 * The carrier trunk as the engine sees it: where calls leave ({@code host}:{@code port} over
 * {@code transport}, {@code udp} or {@code tcp}), how often it is asked OPTIONS
 * ({@code keepaliveSeconds}, 0 when never), and whether it answered.
 */
public record TrunkStatus(String host, int port, String transport, int keepaliveSeconds, TrunkState state) {
}
