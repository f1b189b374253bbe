package dev.seatbooking.booking.apidocs;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seatbooking.booking.security.SecurityConfiguration;
import dev.seatbooking.common.api.StorableText;
import dev.seatbooking.common.error.ErrorCode;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description of booking-service's public API, published by springdoc at
 * {@code /v3/api-docs} with Swagger UI at {@code /swagger-ui/index.html}. The same document in both
 * security modes: the bearer scheme says where it is enforced.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String PROBLEM = "Problem";

    private static final String STORABLE_TEXT = "Not blank (not only white space), without NUL or unpaired "
            + "surrogate characters, which PostgreSQL cannot store as sent";

    private static final String DESCRIPTION = """
            The public API of the seat-booking suite: events and how they sell, seat holds (kept while the \
            buyer pays, then confirmed, released or expired), bookings, and health.

            JSON in and out with snake_case fields; success bodies carry `"success": true`, timestamps \
            are ISO-8601 UTC, unknown JSON fields are ignored. Every error is an RFC 7807 problem \
            (`application/problem+json`, schema `Problem`) that also carries the seed's `success`, \
            `error` and `code`.

            Who the caller is depends on SECURITY_MODE: with `none` (development, the seed's behaviour) \
            it is the body's `user_id` and no token is needed; with `jwt` it is the subject of a bearer \
            token (scheme `bearer-jwt`).

            Each endpoint lists the codes it answers with; any URL may also answer `NOT_FOUND`, \
            `METHOD_NOT_ALLOWED`, `NOT_ACCEPTABLE` or `INTERNAL_ERROR`. All codes:

            """;

    @Bean
    OpenAPI bookingApi(JsonMapper json) {
        return new OpenAPI()
                .info(new Info().title("Seat booking API").version("1")
                        .description(DESCRIPTION + ErrorCatalogue.table()))
                // relative, so that the document is the same wherever the service runs and Swagger
                // UI calls the service it was loaded from
                .servers(List.of(new Server().url("/").description("this booking-service")))
                .tags(List.of(new Tag().name("Events").description("Events and their seat counts"),
                        new Tag().name("Bookings").description("Reserving, reading and cancelling seats"),
                        new Tag().name("Health").description("Whether a reservation can succeed now")))
                .components(new Components()
                        .addSecuritySchemes(ApiDocs.BEARER_JWT, bearerJwt())
                        .addSchemas(PROBLEM, problem())
                        .addHeaders(HttpHeaders.RETRY_AFTER, new Header()
                                .description("Seconds after which the request may succeed").schema(new IntegerSchema()))
                        .addHeaders(HttpHeaders.WWW_AUTHENTICATE, new Header()
                                .description("The bearer challenge, with the RFC 6750 error of a refused token")
                                .schema(new StringSchema()))
                        .examples(ApiDocs.examples(json)));
    }

    private static SecurityScheme bearerJwt() {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("Enforced only when SECURITY_MODE=jwt; with SECURITY_MODE=none no token is needed and "
                        + "the body's `user_id` is the caller. A JWT whose subject is the user: HS256 with "
                        + "JWT_HMAC_SECRET, or signed by a key of JWT_JWK_SET_URI. Creating events needs the `"
                        + SecurityConfiguration.ADMIN_SCOPE + "` scope. A token that is sent but malformed or "
                        + "expired is a 401 on any endpoint, even one that needs none.");
    }

    /** The contract's error body, as {@code ApiExceptionHandler} and {@code ProblemResponses} write it. */
    private static Schema<?> problem() {
        Schema<?> fieldMessage = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The field, as named in the JSON"))
                .addProperty("message", new StringSchema().description("What is wrong with it"))
                .required(List.of("field", "message"));
        return new ObjectSchema()
                .description("An RFC 7807 problem that also carries the seed's `success`, `error` and `code`")
                .addProperty("type", new StringSchema().format("uri")
                        .description("`urn:seat-booking:problem:` and the code in lower case, `-` for `_`"))
                .addProperty("title", new StringSchema().description("The reason phrase of the status"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What went wrong, for humans"))
                .addProperty("instance", new StringSchema().description("The path of the request"))
                .addProperty("success", new BooleanSchema().description("Always false"))
                .addProperty("error", new StringSchema().description("The same as `detail` (the seed's field)"))
                .addProperty("code", new StringSchema().description("What went wrong, for machines")
                        ._enum(Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList()))
                .addProperty("errors", new ArraySchema().items(fieldMessage)
                        .description("VALIDATION_ERROR only: each field that is wrong"))
                .required(List.of("type", "title", "status", "detail", "instance", "success", "error", "code"));
    }

    /**
     * swagger-core reads the API's records with a Jackson 2 mapper of its own, which knows nothing of
     * the application's Jackson 3 naming strategy (common.yml: snake_case): without this, the
     * documentation would show {@code eventId} where the API reads and writes {@code event_id}.
     * It replaces springdoc's default model resolver.
     */
    @Bean
    ModelResolver jsonNamedModels(JsonMapper json, ObjectMapperProvider springdoc) {
        PropertyNamingStrategy naming = json.serializationConfig().getPropertyNamingStrategy();
        if (!(naming instanceof PropertyNamingStrategies.NamingBase jsonNaming)) {
            throw new IllegalStateException("The API documentation follows only a standard Jackson naming strategy, "
                    + "not " + naming);
        }
        ObjectMapper models = springdoc.jsonMapper().copy().setPropertyNamingStrategy(
                new com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase() {
                    @Override
                    public String translate(String name) {
                        // a NamingBase names every kind of property by its translation of the name alone
                        return jsonNaming.nameForField(null, null, name);
                    }
                });
        return new ModelResolver(models).openapi31(springdoc.isOpenapi31());
    }

    /**
     * {@link StorableText}'s rule is a Java regex ({@code \p{javaWhitespace}}, inline flags) that the
     * regex dialect of JSON Schema cannot read, so clients generated from the document would choke
     * on it: the document says it in words.
     */
    @Bean
    OpenApiCustomizer storableTextInWords() {
        return api -> {
            Stream<Schema<?>> properties = api.getComponents().getSchemas().values().stream()
                    .flatMap(schema -> schema.getProperties() == null ? Stream.empty()
                            : schema.getProperties().values().stream());
            Stream<Schema<?>> parameters = api.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .flatMap(operation -> operation.getParameters() == null ? Stream.empty()
                            : operation.getParameters().stream())
                    .map(Parameter::getSchema);
            Stream.concat(properties, parameters)
                    .filter(schema -> StorableText.PATTERN.equals(schema.getPattern()))
                    .forEach(schema -> schema.pattern(null).minLength(1).description(STORABLE_TEXT));
        };
    }

    @Bean
    ErrorResponsesCustomizer errorResponsesCustomizer(JsonMapper json) {
        return new ErrorResponsesCustomizer(json);
    }
}
