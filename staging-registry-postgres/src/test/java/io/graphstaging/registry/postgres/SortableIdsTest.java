package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortableIdsTest {

    @Test
    void idsWithinOneMillisecondStillIncrease() {
        SortableIds ids = new SortableIds(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC),
                new Random(42));
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            generated.add(ids.next("gf_"));
        }
        assertThat(generated).isSorted().doesNotHaveDuplicates();
        assertThat(generated).allSatisfy(id -> assertThat(id).matches("gf_[0-9a-hjkmnp-tv-z]{26}"));
    }

    @Test
    void laterMillisecondsSortLaterWhateverTheRandomPart() {
        Instant t0 = Instant.ofEpochMilli(1_700_000_000_000L);
        String early = new SortableIds(Clock.fixed(t0, ZoneOffset.UTC), new Random(1)).next("gt_");
        String late = new SortableIds(Clock.fixed(t0.plusMillis(1), ZoneOffset.UTC), new Random(2)).next("gt_");
        assertThat(late).isGreaterThan(early);
        // The first 10 characters encode the time: equal instants give equal prefixes.
        String again = new SortableIds(Clock.fixed(t0, ZoneOffset.UTC), new Random(3)).next("gt_");
        assertThat(again.substring(0, 13)).isEqualTo(early.substring(0, 13));
        assertThat(again).isNotEqualTo(early);
    }

    @Test
    void aClockSteppingBackDoesNotBreakTheOrder() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(2_000));
        SortableIds ids = new SortableIds(clock, new Random(7));
        String first = ids.next("gf_");
        clock.now = Instant.ofEpochMilli(1_000);
        String second = ids.next("gf_");
        assertThat(second).isGreaterThan(first);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
