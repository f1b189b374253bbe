package dev.seatbooking.common.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

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
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
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

    /**
     * Ranges that are not the public internet (IANA's special-purpose registries): where a webhook
     * would reach the operator's own machines or nowhere at all.
     */
    private static final List<Range> NOT_PUBLIC = Stream.of(
            "0.0.0.0/8", // "this network"
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private
            "100.64.0.0/10", // carrier-grade NAT (and Alibaba Cloud's metadata address)
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local, with the cloud metadata address 169.254.169.254
            "192.0.0.0/24", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // protocol, documentation
            "198.18.0.0/15", // benchmarking
            "224.0.0.0/4", "240.0.0.0/4", // multicast, reserved and broadcast
            "::/127", // unspecified and loopback
            "fc00::/7", // unique local, with AWS's metadata address fd00:ec2::254
            "fe80::/10", "fec0::/10", // link-local, and the deprecated site-local
            "ff00::/8", // multicast
            "2001:db8::/32") // documentation
            .map(Range::parse)
            .toList();

    /** Whether {@code address} is on the public internet, not in a local, private or reserved range. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isIpv4Embedded(bytes)) {
            // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address they carry
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        byte[] checked = bytes;
        return NOT_PUBLIC.stream().noneMatch(range -> range.contains(checked));
    }

    private static boolean isIpv4Embedded(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
    }

    /** An address prefix: the first {@code bits} bits of {@code network}. */
    private record Range(byte[] network, int bits) {

        static Range parse(String cidr) {
            String[] parts = cidr.split("/");
            try {
                return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
