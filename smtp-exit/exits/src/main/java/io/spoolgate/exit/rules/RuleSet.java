package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitCall;
import io.spoolgate.exit.Verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parsed rules, grouped by stage; first match wins within a stage. */
public final class RuleSet {
    private final Map<RuleStage, List<Rule>> byStage = new EnumMap<>(RuleStage.class);
    private final int size;

    /** @param rules the rules in file order */
    public RuleSet(List<Rule> rules) {
        for (Rule rule : rules) {
            byStage.computeIfAbsent(rule.stage(), stage -> new ArrayList<>()).add(rule);
        }
        this.size = rules.size();
    }

    /** @return how many rules there are */
    public int size() {
        return size;
    }

    /**
     * @param call an exit call
     * @return the action of the first rule of the call's stage that matches, or continue
     */
    public Verdict evaluate(ExitCall call) {
        Optional<RuleStage> stage = RuleStage.of(call.command());
        if (stage.isEmpty()) {
            return Verdict.CONTINUE;
        }
        List<Rule> rules = byStage.get(stage.get());
        if (rules == null) {
            return Verdict.CONTINUE;
        }
        RuleInput input = new RuleInput(call);
        for (Rule rule : rules) {
            if (rule.matches(input)) {
                return rule.action();
            }
        }
        return Verdict.CONTINUE;
    }
}
