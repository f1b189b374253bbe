package dev.seatbooking.booking.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.Optional;

import dev.seatbooking.booking.booking.Holds;
import dev.seatbooking.booking.booking.UserEventLock;
import dev.seatbooking.booking.waitlist.WaitlistEntryView.Status;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Leaving an entry whose offer ends just then (expired, or confirmed from another tab) between the
 * entry's read and the release of its hold. That race cannot be timed end to end, so the holds API is
 * stubbed here to answer as it does then; the rest of leaving is covered by the system tests'
 * WaitlistTest.
 */
class WaitlistLeaveTest {

    private final WaitlistEntries entries = mock(WaitlistEntries.class);
    private final Holds holds = mock(Holds.class);
    private final Waitlist waitlist = new Waitlist(entries, mock(UserEventLock.class), holds);

    @ParameterizedTest
    @CsvSource({"HOLD_EXPIRED, EXPIRED", "HOLD_CONFIRMED, ACCEPTED"})
    void anOfferThatEndsAsItIsDeclinedIsAnEndedEntryNotAHoldRefusal(ErrorCode release, Status ended) {
        given(entries.find(7L)).willReturn(Optional.of(new WaitlistEntryView(7, 1, "u1", 1, Status.OFFERED, null, 70L,
                Instant.parse("2026-12-07T10:15:00Z"), Instant.parse("2026-12-07T10:00:00Z"))));
        given(holds.release(70L, "u1")).willReturn(Result.refused(release, "Hold 70 ended"));

        assertThat(waitlist.leave(7, "u1")).isEqualTo(Result.refused(ErrorCode.WAITLIST_ENTRY_ENDED,
                "Waiting-list entry 7 is " + ended + ": there is nothing to leave"));
    }
}
