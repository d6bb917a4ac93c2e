package io.graphstaging.cli.progress;

import io.graphstaging.core.task.ProgressUnit;
import java.util.Locale;

/** Amounts and rates in a unit, as people read them: 3/20 objects, 1.5 GiB, 40.2 MiB/s. */
final class Quantities {
    private Quantities() {}

    static String amount(long value, ProgressUnit unit) {
        if (unit == ProgressUnit.BYTES) {
            return bytes(value);
        }
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String unitName(ProgressUnit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    static String bytes(double value) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (value >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f %s", value, units[i])
                : String.format(Locale.ROOT, "%.1f %s", value, units[i]);
    }

    static String rate(double perSecond, ProgressUnit unit) {
        if (unit == ProgressUnit.BYTES) {
            return bytes(perSecond) + "/s";
        }
        return String.format(Locale.ROOT, "%,.1f %s/s", perSecond, unitName(unit));
    }
}
