package dev.seatbooking.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapedArgumentsConverterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain user-42|plain user-42",
            "ünïcødé 票 🎟️|ünïcødé 票 🎟️"})
    void printableTextIsLeftAlone(String in, String out) {
        assertThat(EscapedArgumentsConverter.escape(in)).isEqualTo(out);
    }

    @Test
    void controlCharactersLineSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(EscapedArgumentsConverter.escape("a\nb\rc\td\u0000e\u001bf\u007fg\u0085h\u2028i\u2029j\u202Ek\u2066l"))
                .isEqualTo("a\\nb\\rc\\td\\u0000e\\u001Bf\\u007Fg\\u0085h\\u2028i\\u2029j\\u202Ek\\u2066l");
    }

    @Test
    void onlyTheArgumentsAreEscapedNotThePattern() {
        LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("x"), Level.WARN,
                "first line\nsecond line: user {}, event {}, none {}", null,
                new Object[] {"mallory\nFORGED", 7L, null});

        assertThat(new EscapedArgumentsConverter().convert(event))
                .isEqualTo("first line\nsecond line: user mallory\\nFORGED, event 7, none null");
    }

    @Test
    void aMessageWithoutArgumentsIsTheFormattedMessage() {
        LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("x"), Level.INFO, "as is\n", null, null);

        assertThat(new EscapedArgumentsConverter().convert(event)).isEqualTo("as is\n");
    }
}
