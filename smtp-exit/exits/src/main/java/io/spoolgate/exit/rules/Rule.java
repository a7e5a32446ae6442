package io.spoolgate.exit.rules;

import io.spoolgate.exit.Verdict;

import java.util.List;

/**
 * One line of a rules file: all conditions must hold; then the action applies. A rule is decided at the latest
 * stage among its conditions.
 *
 * @param line       its line number in the file
 * @param conditions the conditions (at least one)
 * @param action     the verdict when they all hold
 */
public record Rule(int line, List<Condition> conditions, Verdict action) {

    /** Copies the conditions. */
    public Rule {
        conditions = List.copyOf(conditions);
    }

    /** @return the stage at which the rule is decided */
    public RuleStage stage() {
        RuleStage latest = RuleStage.CONNECT;
        for (Condition condition : conditions) {
            if (condition.stage().compareTo(latest) > 0) {
                latest = condition.stage();
            }
        }
        return latest;
    }

    /** @param input the call @return true if every condition holds */
    public boolean matches(RuleInput input) {
        for (Condition condition : conditions) {
            if (!condition.holds(input)) {
                return false;
            }
        }
        return true;
    }
}
