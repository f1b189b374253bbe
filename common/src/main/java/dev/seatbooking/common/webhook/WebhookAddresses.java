package dev.seatbooking.common.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where webhooks may go: http or https URLs whose host resolves to public addresses only. A URL that
 * leads into the operator's own network (loopback, private, link-local, the cloud metadata address
 * 169.254.169.254 and the like) would let whoever registers a webhook make our servers call it. The
 * rule is checked when a subscription is made and again for every address an attempt connects to,
 * since a name may resolve differently later (DNS rebinding).
 */
public final class WebhookAddresses {

    private WebhookAddresses() {
    }

    /** Why {@code url} may not receive webhooks, or empty if it may. */
    public static Optional<String> refusal(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("leads to a loopback, private, link-local or reserved address");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code address} is on the public internet, not in a local, private or reserved range. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            if (isIpv4Embedded(bytes)) {
                return isPublic(ipv4(bytes[12], bytes[13], bytes[14], bytes[15]));
            }
            // fc00::/7 unique local (e.g. AWS's metadata fd00:ec2::254), 2001:db8::/32 documentation
            int first = bytes[0] & 0xff;
            return (first & 0xfe) != 0xfc && !(first == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d
                    && (bytes[3] & 0xff) == 0xb8);
        }
        if (address instanceof Inet4Address) {
            int a = bytes[0] & 0xff;
            int b = bytes[1] & 0xff;
            int c = bytes[2] & 0xff;
            return a != 0 // "this network"
                    && !(a == 100 && (b & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT (and Alibaba's metadata)
                    && !(a == 192 && b == 0 && c == 0) // 192.0.0.0/24 protocol assignments
                    && !(a == 192 && b == 0 && c == 2) // documentation ranges
                    && !(a == 198 && b == 51 && c == 100)
                    && !(a == 203 && b == 0 && c == 113)
                    && !(a == 198 && (b & 0xfe) == 18) // 198.18.0.0/15 benchmarking
                    && a < 240; // 240.0.0.0/4 reserved, and broadcast
        }
        return false;
    }

    /** ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) carry an IPv4 address the checks above must see. */
    private static boolean isIpv4Embedded(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
