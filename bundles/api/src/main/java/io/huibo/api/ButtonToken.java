package io.huibo.api;

import java.time.Instant;

/** A minted button token: opaque text for the ERP page, which shows no real number and no secret. */
public record ButtonToken(String token, Instant expiresAt) {
}
