package io.huibo.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every form of URL a tenant might aim webhooks with, as the issue lists them and more. */
class UrlPolicyTest {
    private static final String OPERATOR_ALLOWS = "10.1.2.0/24, erp.local 127.0.0.1/32,fd00::/8, 100.64.0.0/10";
    /** Hosts as DNS would answer them at send time; a name not here does not exist. */
    private static final Map<String, String[]> DNS = Map.of(
            "public.example", new String[] {"93.184.216.34"},
            "rebind.example", new String[] {"127.0.0.1"},
            "mixed.example", new String[] {"93.184.216.34", "10.0.0.1"},
            "metadata-alias.example", new String[] {"169.254.169.254"},
            "v6.example", new String[] {"2001:db8::1", "fe80::1"},
            "erp.local", new String[] {"10.9.9.9"});

    private static UrlPolicy policy(String allowedNetworks) {
        return new UrlPolicy(allowedNetworks, host -> {
            String[] addresses = DNS.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return Stream.of(addresses).map(Hosts::literal).toArray(InetAddress[]::new);
        });
    }

    /** The refusal, or "" when the URL is accepted. */
    private static String judged(UrlPolicy policy, String url) {
        return policy.refusal(url).orElse("");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://erp.example/huibo-events                  |
            HTTPS://ERP.EXAMPLE:8443/x?y=1                    |
            http://erp.example./trailing-dot                  |
            http://203.0.113.7:8080/hooks                     |
            http://8.8.8.8/                                   |
            http://172.32.0.1/                                |
            https://[2001:4860:4860::8888]/                   |
            http://metadata-service.example/                  |
            http://1password.example/                         |
            http://127.0.0.1:8101/                            | points to a loopback address
            http://127.8.9.10/                                | points to a loopback address
            http://[::1]/                                     | points to a loopback address
            http://[0:0:0:0:0:0:0:1]:8181/                    | points to a loopback address
            http://localhost:8181/                            | points to a loopback host name
            http://LOCALHOST./                                | points to a loopback host name
            http://api.localhost/                             | points to a loopback host name
            http://0.0.0.0:8181/                              | points to an unspecified address
            http://0.1.2.3/                                   | points to an unspecified address
            http://[::]/                                      | points to an unspecified address
            http://[::ffff:127.0.0.1]:8101/                   | points to an IPv4 address written as IPv6
            http://[::ffff:7f00:1]/                           | points to an IPv4 address written as IPv6
            http://[0:0:0:0:0:ffff:7f00:1]/                   | points to an IPv4 address written as IPv6
            http://[::ffff:8.8.8.8]/                          | points to an IPv4 address written as IPv6
            http://[::127.0.0.1]/                             | points to an IPv4 address written as IPv6
            http://[64:ff9b::7f00:1]/                         | points to an IPv4 address written as IPv6
            http://[2002:7f00:1::]/                           | points to an IPv4 address written as IPv6
            http://2130706433/                                | has a numeric host
            http://0x7f000001/                                | has a numeric host
            http://0x7f.1/                                    | has a numeric host
            http://0x7f.0x0.0x0.0x1/                          | has a numeric host
            http://0177.0.0.1/                                | has a numeric host
            http://017700000001/                              | has a numeric host
            http://127.1/                                     | has a numeric host
            http://127.0.1:8101/                              | has a numeric host
            http://127.0.0.1./                                | has a numeric host
            http://1.2.3.4.5/                                 | has a numeric host
            http://256.0.0.1/                                 | has a numeric host
            http://example.0x10/                              | has a numeric host
            http://169.254.169.254/latest/meta-data/          | points to a cloud metadata address
            http://[fd00:ec2::254]/latest/meta-data/          | points to a cloud metadata address
            http://100.100.100.200/latest/meta-data/          | points to a cloud metadata address
            http://192.0.0.192/                               | points to a cloud metadata address
            http://metadata.google.internal/computeMetadata/v1/ | points to a cloud metadata host name
            http://METADATA/                                  | points to a cloud metadata host name
            http://metadata.azure.example/                    | points to a cloud metadata host name
            http://instance-data.ec2.internal/                | points to a cloud metadata host name
            http://169.254.1.1/                               | points to a link-local address
            http://[fe80::1]/                                 | points to a link-local address
            http://[fe80::1%25eth0]/                          | must have a plain IPv6 address, without a zone
            http://224.0.0.1/                                 | points to a multicast address
            http://239.255.255.250:1900/                      | points to a multicast address
            http://[ff02::1]/                                 | points to a multicast address
            http://255.255.255.255/                           | points to a broadcast or reserved address
            http://240.0.0.1/                                 | points to a broadcast or reserved address
            http://10.0.0.5/                                  | points to a private address
            http://172.16.0.1/                                | points to a private address
            http://172.31.255.255/                            | points to a private address
            http://192.168.1.1/                               | points to a private address
            http://100.64.0.1/                                | points to a private address
            http://198.18.0.1/                                | points to a private address
            http://[fc00::1]/                                 | points to a private address
            http://[fd12:3456::1]/                            | points to a private address
            http://user:pw@erp.example/                       | must not carry a user name or password
            http://user@erp.example/                          | must not carry a user name or password
            http://erp.example@127.0.0.1/                     | must not carry a user name or password
            http://user:pw@0x7f.1/                            | must not carry a user name or password
            http://erp.example:0/                             | must have a port from 1 to 65535
            http://erp.example:65536/                         | must have a port from 1 to 65535
            ftp://erp.example/                                | must be an absolute http or https URL
            file:///etc/passwd                                | must be an absolute http or https URL
            gopher://127.0.0.1:6379/_INFO                     | must be an absolute http or https URL
            dict://127.0.0.1:11211/                           | must be an absolute http or https URL
            jar:http://erp.example/x.jar!/                    | must be an absolute http or https URL
            javascript:alert(1)                               | must be an absolute http or https URL
            /relative/path                                    | must be an absolute http or https URL
            http:///no-host                                   | must be an absolute http or https URL
            http://erp example/                               | must be an absolute http or https URL
            http://erp.example\\@127.0.0.1/                   | must be an absolute http or https URL
            """)
    void judgesEachFormByItsTextAlone(String url, String refusal) {
        assertStartsWith(refusal == null ? "" : refusal, judged(policy(""), url), url);
    }

    @Test
    void refusesEmptyAndOverlongUrls() {
        assertStartsWith("must be an absolute http or https URL", judged(policy(""), ""), "empty");
        assertStartsWith("must be an absolute http or https URL", judged(policy(""), null), "null");
        String longest = "https://erp.example/" + "x".repeat(UrlPolicy.MAX_LENGTH - 20);
        assertEquals("", judged(policy(""), longest));
        assertStartsWith("must be an absolute http or https URL", judged(policy(""), longest + "x"), "2001 characters");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://10.1.2.9:8080/huibo                        |
            http://erp.local/huibo                            |
            http://ERP.local./huibo                           |
            http://127.0.0.1:8181/hooks                       |
            http://[fd12::1]/                                 |
            http://100.64.0.1/                                |
            http://10.1.3.9/                                  | points to a private address
            http://127.0.0.2/                                 | points to a loopback address
            http://localhost/                                 | points to a loopback host name
            http://[::ffff:127.0.0.1]/                        | points to an IPv4 address written as IPv6
            http://[::ffff:10.1.2.9]/                         | points to an IPv4 address written as IPv6
            http://[fd00:ec2::254]/                           | points to a cloud metadata address
            http://100.100.100.200/                           | points to a cloud metadata address
            http://2130706433/                                | has a numeric host
            http://user:pw@erp.local/                         | must not carry a user name or password
            """)
    void theOperatorsAllowlistLiftsOnlyWhatItCovers(String url, String refusal) {
        assertStartsWith(refusal == null ? "" : refusal, judged(policy(OPERATOR_ALLOWS), url), url);
    }

    @Test
    void aMetadataAddressOrLoopbackNameIsAllowedOnlyWhenNamedItself() {
        assertEquals("", judged(policy("169.254.169.254"), "http://169.254.169.254/"));
        assertStartsWith("points to a link-local address", judged(policy("169.254.169.254"), "http://169.254.1.1/"), "");
        assertStartsWith("points to a cloud metadata address", judged(policy("169.254.0.0/16"), "http://169.254.169.254/"), "");
        assertEquals("", judged(policy("169.254.0.0/16"), "http://169.254.1.1/"));
        assertEquals("", judged(policy("localhost"), "http://localhost:8181/"));
    }

    @Test
    void anAllowlistEntryThatIsNoneIsIgnoredAndAllowsNothing() {
        UrlPolicy policy = policy("10.1.2.0/33, 10.1.2.0/x, 10.1.2.*, 0x0a.1, bad_name, 10.1.2.0/24");
        assertEquals("", judged(policy, "http://10.1.2.1/"));
        assertStartsWith("points to a private address", judged(policy, "http://10.1.3.1/"), "");
    }

    @Test
    void theRefusalSaysHowAnOperatorMayAllowWhatItMay() {
        assertTrue(judged(policy(""), "http://10.0.0.5/").endsWith("allowedNetworks of etc/io.huibo.webhook.cfg"));
        assertEquals("points to an IPv4 address written as IPv6", judged(policy(""), "http://[::ffff:10.0.0.5]/"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            http://public.example/hooks                |                 |
            http://rebind.example/hooks                |                 | resolves to a loopback address
            http://rebind.example/hooks                | 127.0.0.1/32    |
            http://mixed.example/hooks                 |                 | resolves to a private address
            http://metadata-alias.example/             | 169.254.0.0/16  | resolves to a cloud metadata address
            http://v6.example/                         |                 | resolves to a link-local address
            http://erp.local/hooks                     | erp.local       |
            http://10.0.0.1/hooks                      |                 | points to a private address
            http://localhost/hooks                     |                 | points to a loopback host name
            """)
    void atSendTimeEveryAddressTheHostResolvesToIsCheckedAgain(String url, String allowed, String refusal)
            throws UnknownHostException {
        Optional<String> judged = policy(allowed == null ? "" : allowed).refusalToSend(url);
        assertStartsWith(refusal == null ? "" : refusal, judged.orElse(""), url);
    }

    @Test
    void anAllowedNameIsNotLookedUpAndAnUnknownOneIsNotRefusedButUnresolved() throws UnknownHostException {
        UrlPolicy policy = new UrlPolicy("erp.local", host -> {
            throw new AssertionError("looked up " + host);
        });
        assertEquals(Optional.empty(), policy.refusalToSend("http://erp.local/hooks"));
        assertEquals(Optional.empty(), policy.refusalToSend("http://203.0.113.7/hooks"), "a literal needs no lookup");
        assertThrows(UnknownHostException.class, () -> policy("").refusalToSend("http://gone.example/hooks"));
    }

    private static void assertStartsWith(String expected, String actual, String url) {
        if (expected.isEmpty()) {
            assertEquals("", actual, url + " accepted");
        } else {
            assertTrue(actual.startsWith(expected), url + ": expected a refusal starting '" + expected + "', got '" + actual + "'");
        }
    }
}
