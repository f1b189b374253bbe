package dev.seatbooking.common.logging;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * The JSON log line's message with its control characters escaped, as the readable format's are
 * (see {@link EscapedArgumentsConverter}). JSON encoding alone keeps a line break from starting a
 * new line, but a log viewer would still show it, or a bidi override, as if we had written it.
 * Registered as logging.structured.json.customizer in common.yml.
 */
public class EscapedMessageCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(
                JsonWriter.ValueProcessor.of(String.class, EscapedArgumentsConverter::escape).whenHasPath("message"));
    }
}
