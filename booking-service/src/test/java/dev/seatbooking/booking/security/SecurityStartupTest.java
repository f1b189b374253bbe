package dev.seatbooking.booking.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.booking.cache.CacheServiceProperties;
import dev.seatbooking.common.security.SecurityMode;
import dev.seatbooking.common.security.SecurityProperties;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** jwt mode refuses to start with keys or credentials that would make it unsafe, and never prints them. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityStartupTest {

    private static final String SHORT_SECRET = "only-31-bytes-long-secret-value";
    private static final String GOOD_TOKEN = "an-internal-token-of-more-than-32-bytes";

    @Test
    void aShortHmacSecretStopsTheStartAndIsNeverPrinted(CapturedOutput output) {
        assertThat(SHORT_SECRET).hasSize(31);

        assertThatThrownBy(() -> start(Map.of("booking.security.mode", "jwt",
                "booking.security.jwt.hmac-secret", SHORT_SECRET, "booking.security.internal-token", GOOD_TOKEN)))
                .hasStackTraceContaining("JWT_HMAC_SECRET (booking.security.jwt.hmac-secret) must be at least 32 bytes");

        assertThat(output.getAll()).contains("JWT_HMAC_SECRET").doesNotContain(SHORT_SECRET).doesNotContain(GOOD_TOKEN);
    }

    @Test
    void jwtModeWithoutAnInternalTokenStopsTheStart(CapturedOutput output) {
        String secret = "a-long-enough-hmac-secret-for-hs256-tokens";

        assertThatThrownBy(() -> start(Map.of("booking.security.mode", "jwt", "booking.security.jwt.hmac-secret", secret)))
                .hasStackTraceContaining("SECURITY_MODE=jwt requires booking.security.internal-token (INTERNAL_TOKEN)");

        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void jwtModeNeedsExactlyOneSourceOfKeys() {
        assertThatIllegalStateException().isThrownBy(() -> JwtDecoderFactory.create(new JwtProperties(null, "", null, null)))
                .withMessageContaining("exactly one of JWT_HMAC_SECRET");
        assertThatIllegalStateException().isThrownBy(() -> JwtDecoderFactory.create(
                new JwtProperties("a-long-enough-hmac-secret-for-hs256-tokens", "http://idp.example/certs", null, null)))
                .withMessageContaining("exactly one of JWT_HMAC_SECRET");
    }

    @Test
    void theInternalTokenMustBeLongEnoughWhenSet() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SecurityProperties(SecurityMode.NONE, "short"))
                .withMessageContaining("INTERNAL_TOKEN").withMessageNotContaining("short");
        assertThat(new SecurityProperties(SecurityMode.NONE, "").internalTokenIfSet()).isEmpty();
        assertThat(new SecurityProperties(SecurityMode.JWT, GOOD_TOKEN).internalTokenIfSet()).contains(GOOD_TOKEN);
    }

    @Test
    void noSettingPrintsItsSecret() {
        assertThat(new SecurityProperties(SecurityMode.JWT, GOOD_TOKEN).toString()).doesNotContain(GOOD_TOKEN);
        assertThat(new JwtProperties("a-long-enough-hmac-secret-for-hs256-tokens", null, "https://idp", "api").toString())
                .doesNotContain("a-long-enough").contains("https://idp");
        assertThat(new CacheServiceProperties("http://cache", null, null, 1, 1, 1, GOOD_TOKEN).toString())
                .doesNotContain(GOOD_TOKEN).contains("http://cache");
    }

    private static void start(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
        properties.put("server.port", "0");
        properties.put("booking.cache-service.url", "http://localhost:9");
        properties.putAll(extra);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        BookingServiceApplication.application().run(args.toArray(String[]::new)).close();
    }
}
