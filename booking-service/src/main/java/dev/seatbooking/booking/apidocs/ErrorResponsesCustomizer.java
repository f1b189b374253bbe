package dev.seatbooking.booking.apidocs;

import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.FieldMessage;
import dev.seatbooking.common.error.ProblemResponses;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documents the error answers of each endpoint annotated with {@link ErrorResponses}: one response
 * per status, with the contract's error body and an example for each code, built by the code that
 * builds the real bodies.
 */
class ErrorResponsesCustomizer implements OperationCustomizer {

    private final JsonMapper json;

    ErrorResponsesCustomizer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ErrorResponses declared = handler.getMethodAnnotation(ErrorResponses.class);
        if (declared == null) {
            return operation;
        }
        Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        codes.addAll(List.of(declared.value()));
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            codes.add(ErrorCode.UNAUTHORIZED);
        }
        if (operation.getRequestBody() != null) {
            // RequestBodyFilter's answers
            codes.add(ErrorCode.PAYLOAD_TOO_LARGE);
            codes.add(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        String path = examplePath(operation, handler);
        Map<HttpStatus, List<ErrorCode>> byStatus = codes.stream()
                .collect(Collectors.groupingBy(ErrorCode::status, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, group) -> operation.getResponses()
                .addApiResponse(String.valueOf(status.value()), response(group, declared, path)));
        return operation;
    }

    private ApiResponse response(List<ErrorCode> codes, ErrorResponses declared, String path) {
        MediaType problem = new MediaType().schema(new Schema<>().$ref(ApiDocsConfiguration.PROBLEM));
        codes.forEach(code -> problem.addExamples(code.name(), new Example().value(example(code, declared, path))));
        ApiResponse response = new ApiResponse()
                .description(codes.stream().map(code -> "`" + code + "`: " + ErrorCatalogue.when(code))
                        .collect(Collectors.joining("\n\n")))
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        problem));
        // the codes of one status agree on these headers
        ErrorCode first = codes.get(0);
        if (ApiExceptionHandler.retryable(first)) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().$ref(HttpHeaders.RETRY_AFTER));
        }
        if (first == ErrorCode.UNAUTHORIZED) {
            response.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE, new Header().$ref(HttpHeaders.WWW_AUTHENTICATE));
        }
        return response;
    }

    private Object example(ErrorCode code, ErrorResponses declared, String path) {
        String message = ErrorCatalogue.exampleMessage(code);
        List<FieldMessage> errors = null;
        if (code == ErrorCode.VALIDATION_ERROR && !declared.invalidField().isEmpty()) {
            errors = List.of(new FieldMessage(declared.invalidField(), declared.invalidMessage()));
            message = declared.invalidField() + " " + declared.invalidMessage();
        }
        if (code == ErrorCode.FORBIDDEN && !declared.forbidden().isEmpty()) {
            message = declared.forbidden();
        }
        if (code == ErrorCode.RATE_LIMITED && !declared.rateLimited().isEmpty()) {
            message = declared.rateLimited();
        }
        return json.convertValue(ProblemResponses.body(code, message, errors, path), Object.class);
    }

    /** The endpoint's path with the examples of its path parameters filled in, for {@code instance}. */
    private static String examplePath(Operation operation, HandlerMethod handler) {
        String path = mappedPath(handler.getBeanType()) + mappedPath(handler.getMethod());
        for (Parameter parameter : Objects.requireNonNullElse(operation.getParameters(), List.<Parameter>of())) {
            if ("path".equals(parameter.getIn())) {
                path = path.replace("{" + parameter.getName() + "}", String.valueOf(parameter.getExample()));
            }
        }
        return path;
    }

    private static String mappedPath(AnnotatedElement element) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(element, RequestMapping.class);
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }
}
