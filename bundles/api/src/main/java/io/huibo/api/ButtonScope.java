package io.huibo.api;

import java.util.Objects;

/**
 * Whom a button token may connect: a pair of numbers ({@code from} called first), or the A and B
 * of one AXB binding, shown its X. Exactly one of the two forms is set.
 */
public record ButtonScope(PhoneNumber from, PhoneNumber to, String bindingId) {

    public ButtonScope {
        if ((bindingId == null) == (from == null || to == null)) {
            throw new IllegalArgumentException("a button scope is either a from/to pair or a binding id");
        }
    }

    public static ButtonScope pair(PhoneNumber from, PhoneNumber to) {
        return new ButtonScope(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), null);
    }

    public static ButtonScope binding(String bindingId) {
        return new ButtonScope(null, null, Objects.requireNonNull(bindingId, "bindingId"));
    }

    public boolean isBinding() {
        return bindingId != null;
    }
}
