package io.graphstaging.registry.embedded;

import org.postgresql.util.PasswordUtil;

/**
 * The statement that gives a role its password as a SCRAM-SHA-256 verifier computed here, so
 * the password itself never reaches the server, its logs or a command line.
 */
final class RolePassword {
    private RolePassword() {
    }

    static String alterRole(String role, String password) {
        return alterRoleTo(role, verifier(password));
    }

    /** The password's verifier (salted, so new each time): what the server keeps, and as secret as a hash. */
    static String verifier(String password) {
        return PasswordUtil.encodeScramSha256(password.toCharArray());
    }

    /** The statement that gives {@code role} the password of this {@link #verifier}. */
    static String alterRoleTo(String role, String verifier) {
        // A verifier is base64 and '$', ':' only: nothing to escape inside the literal.
        return "ALTER ROLE \"" + role.replace("\"", "\"\"") + "\" PASSWORD '" + verifier + "'";
    }
}
