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
            for (int j = k; j >= 0; j--) {
                boolean result;
                if (doubleStar) {
                    int next = i + 2;
                    // "**/" may also match zero segments: a/**/b matches a/b.
                    boolean zeroSegments = next < g && glob.charAt(next) == '/' && can[next + 1][j];
                    result = zeroSegments || can[next][j] || (j < k && can[i][j + 1]);
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
