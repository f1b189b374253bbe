package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The README's way of minting a development token (scripts/dev-token.py) gives tokens jwt mode accepts. */
class DevTokenScriptTest extends SuiteTest {

    private static final File SCRIPT = new File("../scripts/dev-token.py");

    @Test
    void aMintedTokenActsForItsUser() throws Exception {
        String user = newUser();

        asBearer(mint(user)).get("/api/bookings/user/" + user).then().statusCode(200).body("success", equalTo(true));
        asBearer(mint(user)).contentType(ContentType.JSON).body("{\"name\": \"Minted\", \"total_seats\": 1}")
                .post("/api/events").then().statusCode(403);
        asBearer(mint(user, "--admin")).contentType(ContentType.JSON).body("{\"name\": \"Minted\", \"total_seats\": 1}")
                .post("/api/events").then().statusCode(201);
    }

    private static io.restassured.specification.RequestSpecification asBearer(String token) {
        return jwtApi().header("Authorization", "Bearer " + token);
    }

    private static String mint(String user, String... options) throws IOException, InterruptedException {
        assertThat(SCRIPT).as("scripts/dev-token.py, where the README says it is").isFile();
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.getPath(), user));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("JWT_HMAC_SECRET", RunningSuite.JWT_HMAC_SECRET);
        // python3 is what the README asks for; without it the script is broken for its users too
        Process process = builder.start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return token;
    }
}
