package dev.seatbooking.booking.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SECURITY_MODE=jwt with keys from an identity provider's JWK set (JWT_JWK_SET_URI), served here
 * by a local HTTP server the way Keycloak serves its certs endpoint. Only endpoints that need no
 * cache-service are used: identity and scopes are the point.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        BookingServiceApplication.CONFIG_NAME, "booking.cache-service.url=http://localhost:9",
        "booking.security.mode=jwt", "booking.security.internal-token=" + JwksModeTest.INTERNAL_TOKEN})
class JwksModeTest {

    static final String INTERNAL_TOKEN = "jwks-test-internal-token-of-at-least-32-bytes";

    private static final RSAKey IDP_KEY = rsaKey();
    private static volatile boolean jwksUp = true;
    private static final HttpServer JWKS = jwksServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
        registry.add("booking.security.jwt.jwk-set-uri",
                () -> "http://localhost:" + JWKS.getAddress().getPort() + "/certs");
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void aimRestAssured() {
        RestAssured.port = port;
        jwksUp = true;
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @Test
    void aTokenSignedByTheIdentityProviderIdentifiesTheUser() {
        String user = "kc-" + UUID.randomUUID();

        given().header("Authorization", "Bearer " + sign(IDP_KEY, JWSAlgorithm.RS256, user, null))
                .get("/api/bookings/user/" + user)
                .then().statusCode(200).body("success", equalTo(true));
        given().header("Authorization", "Bearer " + sign(IDP_KEY, JWSAlgorithm.RS256, user, null))
                .get("/api/bookings/user/someone-else")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void theAdminScopeOfTheIdentityProviderCreatesEvents() {
        String body = "{\"name\": \"From Keycloak\", \"total_seats\": 2}";
        given().header("Authorization", "Bearer " + sign(IDP_KEY, JWSAlgorithm.RS256, "ops", "openid bookings:admin"))
                .contentType(ContentType.JSON).body(body).post("/api/events")
                .then().statusCode(201);
        given().header("Authorization", "Bearer " + sign(IDP_KEY, JWSAlgorithm.RS256, "ops", "openid"))
                .contentType(ContentType.JSON).body(body).post("/api/events")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() {
        Response response = given().header("Authorization", "Bearer "
                + sign(rsaKey(), JWSAlgorithm.RS256, "mallory", "bookings:admin")).get("/api/bookings/user/mallory");

        response.then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
    }

    /** The classic confusion: HS256 "signed" with the provider's public key, which anyone can fetch. */
    @Test
    void anHmacTokenKeyedWithThePublicKeyIs401() throws JOSEException {
        byte[] publicKey = IDP_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(IDP_KEY.getKeyID()).build(),
                claims("mallory", "bookings:admin"));
        jwt.sign(new MACSigner(publicKey));

        given().header("Authorization", "Bearer " + jwt.serialize()).get("/api/bookings/user/mallory")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
    }

    /** A key the decoder has not seen makes it fetch the set again; with the provider away that is a 503. */
    @Test
    void anUnreachableIdentityProviderIs503NotA401() {
        jwksUp = false;

        given().header("Authorization", "Bearer " + sign(rsaKey(), JWSAlgorithm.RS256, "someone", null))
                .get("/api/bookings/user/someone")
                .then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"))
                .header("Retry-After", equalTo("1"));
    }

    private static String sign(RSAKey key, JWSAlgorithm algorithm, String subject, String scope) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
                    claims(subject, scope));
            JWSSigner signer = new RSASSASigner(key);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String subject, String scope) {
        return new JWTClaimsSet.Builder().subject(subject).claim("scope", scope)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/certs", exchange -> {
                byte[] body = new JWKSet(IDP_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                if (!jwksUp) {
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
