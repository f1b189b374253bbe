package dev.seatbooking.common.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.helpers.MessageFormatter;

/**
 * The log message with every argument's control characters escaped. Arguments are where values
 * from requests end up ({@code log.warn("... user {}", userId)}): a user id carrying a line break
 * must not be able to forge a second log line. The message pattern itself, written by us, is kept
 * as it is. Registered for %m, %msg and %message in logback-spring.xml.
 */
public class EscapedArgumentsConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (arguments == null || arguments.length == 0) {
            return event.getFormattedMessage();
        }
        Object[] escaped = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            escaped[i] = argument == null || argument instanceof Throwable || argument.getClass().isArray()
                    ? argument
                    : escape(argument.toString());
        }
        return MessageFormatter.arrayFormat(event.getMessage(), escaped).getMessage();
    }

    /** C0 and C1 controls, DEL, Unicode line and paragraph separators and bidi overrides, as escapes. */
    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!needsEscape(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out == null ? value : out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
