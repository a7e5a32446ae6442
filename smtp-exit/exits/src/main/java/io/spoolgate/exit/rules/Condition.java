package io.spoolgate.exit.rules;

import java.util.function.Predicate;

/**
 * One test of a rule, e.g. {@code sender=*@example.com}.
 *
 * @param stage the call at which it can be decided
 * @param text  how it was written, for logs
 * @param test  the test
 */
public record Condition(RuleStage stage, String text, Predicate<RuleInput> test) {

    /** @param input the call @return true if the condition holds */
    public boolean holds(RuleInput input) {
        return test.test(input);
    }
}
