package io.spoolgate.scan.spamassassin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpamdUserTemplateTest {
    @Test
    void escapesAreReplacedLowerCased() {
        assertThat(SpamdUserTemplate.parse("%l", "k").userFor("Bob.Smith@Example.COM")).contains("bob.smith");
        assertThat(SpamdUserTemplate.parse("%a", "k").userFor("Bob@Example.com")).contains("bob@example.com");
        assertThat(SpamdUserTemplate.parse("sa-%d", "k").userFor("bob@example.com")).contains("sa-example.com");
        assertThat(SpamdUserTemplate.parse("100%%-%l", "k").userFor("bob@example.com")).contains("100%-bob");
    }

    @Test
    void fixedNamesAndNone() {
        assertThat(SpamdUserTemplate.parse(" spoolgate ", "k").userFor("bob@example.com")).contains("spoolgate");
        assertThat(SpamdUserTemplate.parse("spoolgate", "k").userFor(null)).contains("spoolgate");
        assertThat(SpamdUserTemplate.parse("%l", "k").userFor(null)).isEmpty();
        assertThat(SpamdUserTemplate.parse("", "k")).isSameAs(SpamdUserTemplate.NONE);
        assertThat(SpamdUserTemplate.NONE.userFor("bob@example.com")).isEmpty();
    }

    @Test
    void unknownEscapesNameTheKey() {
        assertThatThrownBy(() -> SpamdUserTemplate.parse("%u", "policy.x.spamdUser")).hasMessageContaining("policy.x.spamdUser");
        assertThatThrownBy(() -> SpamdUserTemplate.parse("user%", "spamd.user")).hasMessageContaining("spamd.user");
    }
}
