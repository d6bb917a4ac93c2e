package io.graphstaging.core.model;

/**
 * Matches object keys against a glob without regular expressions (a key is untrusted text
 * and a regex built from a glob invites escaping bugs). Iterative with memoisation, so a
 * hostile pattern like {@code **a**a**a...} cannot blow up.
 */
final class GlobMatcher {
    private GlobMatcher() {}

    static boolean matches(String glob, String key) {
        int g = glob.length();
        int k = key.length();
        // can[i][j]: glob[i..] matches key[j..]; filled from the end.
        boolean[][] can = new boolean[g + 1][k + 1];
        can[g][k] = true;
        for (int i = g - 1; i >= 0; i--) {
            char c = glob.charAt(i);
            boolean doubleStar = c == '*' && i + 1 < g && glob.charAt(i + 1) == '*';
            // For "**/": whether some '/' at or after j is followed by a match of the rest.
            boolean segmentsThenRest = false;
            for (int j = k; j >= 0; j--) {
                boolean result;
                if (doubleStar && i + 2 < g && glob.charAt(i + 2) == '/') {
                    // "**/" is one unit: zero or more whole segments, i.e. "" or any text ending in '/'.
                    int rest = i + 3;
                    segmentsThenRest = j < k && (key.charAt(j) == '/' && can[rest][j + 1] || segmentsThenRest);
                    result = can[rest][j] || segmentsThenRest;
                } else if (doubleStar) {
                    result = can[i + 2][j] || (j < k && can[i][j + 1]);
                } else if (c == '*') {
                    result = can[i + 1][j] || (j < k && key.charAt(j) != '/' && can[i][j + 1]);
                } else if (c == '?') {
                    result = j < k && key.charAt(j) != '/' && can[i + 1][j + 1];
                } else {
                    result = j < k && key.charAt(j) == c && can[i + 1][j + 1];
                }
                can[i][j] = result;
            }
        }
        return can[0][0];
    }
}
