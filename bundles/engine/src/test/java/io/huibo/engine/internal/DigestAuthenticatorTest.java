package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.huibo.engine.internal.DigestAuthenticator.Outcome;

class DigestAuthenticatorTest {
    private static final String URI = "sip:+8657188880000@127.0.0.1:5060";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final DigestAuthenticator.Credentials TRUNK = new DigestAuthenticator.Credentials("carrier",
            "s3cret", "huibo", List.of("SHA-256", "MD5"), Duration.ofSeconds(300));

    private final DigestAuthenticator digest = new DigestAuthenticator(TRUNK);

    @Test
    void anInviteWithoutCredentialsIsChallengedWithSha256FirstThenMd5() {
        assertEquals(Outcome.CHALLENGE, digest.check(invite(List.of(), "z9hG4bK1"), NOW));
        List<String> challenges = digest.challenges(false, NOW);
        assertEquals(2, challenges.size());
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"), challenges.get(0));
        assertTrue(challenges.get(1).contains("algorithm=MD5"), challenges.get(1));
        assertTrue(challenges.get(0).contains("qop=\"auth\"") && challenges.get(0).contains("realm=\"huibo\""));
        assertEquals(nonceOf(challenges.get(0)), nonceOf(challenges.get(1)));
        assertTrue(!challenges.get(0).contains("stale"));
    }

    @Test
    void aRightAnswerInEitherAlgorithmIsAccepted() {
        String nonce = nonceOf(digest.challenges(false, NOW).get(0));
        assertEquals(Outcome.ACCEPTED, digest.check(invite(answer("SHA-256", "s3cret", nonce, 1, URI), "z9hG4bKa"), NOW));
        assertEquals(Outcome.ACCEPTED, digest.check(invite(answer("MD5", "s3cret", nonce, 2, URI), "z9hG4bKb"), NOW));
    }

    @Test
    void aWrongPasswordUserRealmUriOrAlgorithmIsRefused() {
        String nonce = nonceOf(digest.challenges(false, NOW).get(0));
        assertEquals(Outcome.REFUSED, digest.check(invite(answer("SHA-256", "guess", nonce, 1, URI), "z9hG4bK1"), NOW));
        assertEquals(Outcome.REFUSED, digest.check(invite(answer("SHA-256", "s3cret", nonce, 1,
                "sip:+8613800138000@127.0.0.1:5060"), "z9hG4bK1"), NOW), "an answer for another Request-URI");
        assertEquals(Outcome.REFUSED, digest.check(invite(List.of(answerValue("SHA-256", "s3cret", nonce, 1, URI)
                .replace("username=\"carrier\"", "username=\"other\"")), "z9hG4bK1"), NOW));
        DigestAuthenticator shaOnly = new DigestAuthenticator(new DigestAuthenticator.Credentials("carrier", "s3cret",
                "huibo", List.of("SHA-256"), Duration.ofSeconds(300)));
        String shaNonce = nonceOf(shaOnly.challenges(false, NOW).get(0));
        assertEquals(Outcome.REFUSED, shaOnly.check(invite(answer("MD5", "s3cret", shaNonce, 1, URI), "z9hG4bK1"), NOW));
        assertEquals(Outcome.CHALLENGE, digest.check(invite(List.of(answerValue("SHA-256", "s3cret", nonce, 1, URI)
                .replace("realm=\"huibo\"", "realm=\"elsewhere\"")), "z9hG4bK1"), NOW), "credentials for another realm");
        assertEquals(Outcome.REFUSED, digest.check(invite(List.of(answerValue("SHA-256", "s3cret", nonce, 1, URI)
                .replace("qop=auth", "qop=auth-int")), "z9hG4bK1"), NOW));
    }

    @Test
    void aReplayedAnswerIsRefusedAndARetransmissionDropped() {
        String nonce = nonceOf(digest.challenges(false, NOW).get(0));
        List<String> captured = answer("SHA-256", "s3cret", nonce, 1, URI);
        assertEquals(Outcome.ACCEPTED, digest.check(invite(captured, "z9hG4bKfirst"), NOW));
        assertEquals(Outcome.RETRANSMISSION, digest.check(invite(captured, "z9hG4bKfirst"), NOW));
        assertEquals(Outcome.REFUSED, digest.check(invite(captured, "z9hG4bKreplay"), NOW.plusSeconds(5)));
        assertEquals(Outcome.ACCEPTED, digest.check(invite(answer("SHA-256", "s3cret", nonce, 2, URI), "z9hG4bKnext"), NOW));
        assertEquals(Outcome.REFUSED, digest.check(invite(captured, "z9hG4bKfirst"), NOW), "an older count after a newer");
    }

    @Test
    void anExpiredOrForeignNonceIsStaleAndTheNextChallengeSaysSo() {
        String nonce = nonceOf(digest.challenges(false, NOW).get(0));
        assertEquals(Outcome.STALE, digest.check(invite(answer("SHA-256", "s3cret", nonce, 1, URI), "z9hG4bK1"),
                NOW.plus(TRUNK.nonceLifetime()).plusSeconds(1)));
        String foreign = nonceOf(new DigestAuthenticator(TRUNK).challenges(false, NOW).get(0));
        assertEquals(Outcome.STALE, digest.check(invite(answer("SHA-256", "s3cret", foreign, 1, URI), "z9hG4bK1"), NOW));
        assertEquals(Outcome.STALE, digest.check(invite(answer("SHA-256", "s3cret", "made-up", 1, URI), "z9hG4bK1"), NOW));
        assertTrue(digest.challenges(true, NOW).get(0).endsWith(", stale=true"));
    }

    /** The replay memory is bounded; a nonce it had to forget is stale, so a replay of it still starts nothing. */
    @Test
    void theReplayMemoryIsBoundedAndAForgottenNonceIsNeverNewAgain() {
        String first = nonceOf(digest.challenges(false, NOW).get(0));
        List<String> captured = answer("MD5", "s3cret", first, 1, URI);
        assertEquals(Outcome.ACCEPTED, digest.check(invite(captured, "z9hG4bK0"), NOW));
        int many = DigestAuthenticator.MAX_NONCES + 500;
        for (int i = 1; i <= many; i++) {
            String nonce = nonceOf(digest.challenges(false, NOW.plusMillis(i)).get(0));
            assertEquals(Outcome.ACCEPTED, digest.check(invite(answer("MD5", "s3cret", nonce, 1, URI), "z9hG4bK" + i),
                    NOW.plusMillis(i)));
        }
        assertEquals(DigestAuthenticator.MAX_NONCES, digest.remembered());
        assertEquals(Outcome.STALE, digest.check(invite(captured, "z9hG4bKreplay"), NOW.plusMillis(many)));
    }

    @Test
    void incompleteCredentialsAreRefusedAtConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new DigestAuthenticator.Credentials("carrier", "", "huibo",
                List.of("MD5"), Duration.ofSeconds(300)));
        assertThrows(IllegalArgumentException.class, () -> new DigestAuthenticator.Credentials("carrier", "pw", "huibo",
                List.of("SHA-1"), Duration.ofSeconds(300)));
    }

    @Test
    void malformedCredentialsParseToNothing() {
        assertEquals(null, DigestParameters.parse("Basic dXNlcjpwdw=="));
        assertEquals(null, DigestParameters.parse("Digest username=\"unterminated"));
        assertEquals(null, DigestParameters.parse("Digest nc=00000001, nc=00000002"));
        assertEquals("a\"b", DigestParameters.parse("Digest username=\"a\\\"b\" , realm=huibo").get("username"));
    }

    private static DigestAuthenticator.Request invite(List<String> authorizations, String branch) {
        return new DigestAuthenticator.Request("INVITE", URI, authorizations, branch);
    }

    private static String nonceOf(String challenge) {
        return DigestParameters.parse(challenge).get("nonce");
    }

    private static List<String> answer(String algorithm, String password, String nonce, int count, String uri) {
        return List.of(answerValue(algorithm, password, nonce, count, uri));
    }

    /** What a client writes (RFC 2617 §3.2.2) for {@code INVITE} to {@code uri}. */
    private static String answerValue(String algorithm, String password, String nonce, int count, String uri) {
        String nc = String.format("%08x", count);
        String cnonce = "c" + count;
        String ha1 = DigestAuthenticator.hash(algorithm, "carrier:huibo:" + password);
        String ha2 = DigestAuthenticator.hash(algorithm, "INVITE:" + uri);
        String response = DigestAuthenticator.hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"carrier\", realm=\"huibo\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + algorithm + ", qop=auth, nc=" + nc
                + ", cnonce=\"" + cnonce + "\"";
    }
}
