package dev.seatbooking.common.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "0.0.0.0", "100.64.0.1", "100.100.100.200", "192.0.0.170", "198.18.0.1", "224.0.0.1", "255.255.255.255",
            "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "2001:db8::1", "::2", "::10.0.0.1", "ff02::1", "192.0.2.1", "198.51.100.7",
            "203.0.113.9", "198.19.255.255", "fec0::1", "240.0.0.1", "172.20.1.1", "100.127.255.255", "0.1.2.3"})
    void addressesOfTheOperatorsOwnNetworkAreNotPublic(String literal) throws UnknownHostException {
        assertThat(WebhookAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
            "198.20.0.1", "192.0.1.1", "223.255.255.255", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::ffff:8.8.8.8",
            "2001:db9::1", "fbff::1"})
    void internetAddressesArePublic(String literal) throws UnknownHostException {
        assertThat(WebhookAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://localhost/hook", "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook", "http://0x7f000001/hook"})
    void urlsLeadingIntoTheLocalNetworkAreRefused(String url) {
        assertThat(WebhookAddresses.refusal(url, false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "file:///etc/passwd", "/relative", "http://user:pw@8.8.8.8/hook",
            "https://8.8.8.8/hook#part", "not a url", "gopher://8.8.8.8/"})
    void onlyPlainHttpAndHttpsUrlsAreTaken(String url) {
        assertThat(WebhookAddresses.refusal(url, true)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "http://[2606:4700:4700::1111]:8443/hooks?x=1"})
    void urlsOfPublicAddressesAreTaken(String url) {
        assertThat(WebhookAddresses.refusal(url, false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook"})
    void privateAddressesAreTakenWhenTheOperatorAllowsThem(String url) {
        assertThat(WebhookAddresses.refusal(url, true)).isEmpty();
    }
}
