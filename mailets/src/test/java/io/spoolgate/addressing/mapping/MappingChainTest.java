package io.spoolgate.addressing.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spoolgate.vmspool.spool.CommandRunner;
import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

class MappingChainTest {

    @TempDir
    Path dir;

    private DomainMappings build(String... keyValues) throws Exception {
        Files.writeString(dir.resolve("vmusers"), "MAINT\nUSER1\nUSER2\nLONGUSER\nPOSTMAST\n");
        Files.writeString(dir.resolve("aliases"), """
            # aliases
            john.doe            USER2
            jane@vm2.example    USER1 bsmtp NOTE
            """);
        Properties p = new Properties();
        p.setProperty("userDirectory.file", dir.resolve("vmusers").toString());
        p.setProperty("aliasFile", dir.resolve("aliases").toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        CommandRunner noCommands = command -> {
            throw new AssertionError("no command expected: " + command);
        };
        MapUserEnvironment env = new MapUserEnvironment(Path::of, noCommands, Optional.empty());
        return new MapUserFactory(MapUserSettings.of(p), env).build();
    }

    private static Mapping resolve(DomainMappings m, String address) {
        return m.resolve(RecipientAddress.parse(address));
    }

    @Test
    void defaultRuleTakesTheFirstEightCharactersUpperCasedWhenTheUserExists() throws Exception {
        DomainMappings m = build();
        assertThat(resolve(m, "user1@vm.example").asRoute()).isEqualTo("USER1 netdata MAIL");
        assertThat(resolve(m, "user1@vm.example").strategy()).isEqualTo("default");
        assertThat(resolve(m, "longusername@vm.example").userid().value()).isEqualTo("LONGUSER");
    }

    @Test
    void unknownUsersGoToTheDefaultUserAndAreMarkedUnknown() throws Exception {
        Mapping mapping = resolve(build("defaultUser", "postmast"), "nobody@vm.example");
        assertThat(mapping.userid().value()).isEqualTo("POSTMAST");
        assertThat(mapping.unknownUser()).isTrue();
        assertThat(mapping.strategy()).isEqualTo(Mapping.DEFAULT_USER);
        Mapping dotted = resolve(build(), "john.smith@vm.example");
        assertThat(dotted.userid().value()).isEqualTo("MAINT");
    }

    @Test
    void strategiesAnswerInTheConfiguredOrder() throws Exception {
        DomainMappings aliasFirst = build("chain", "alias-file, default");
        assertThat(resolve(aliasFirst, "john.doe@vm.example").userid().value()).isEqualTo("USER2");
        assertThat(resolve(aliasFirst, "john.doe@vm.example").strategy()).isEqualTo("alias-file");
        assertThat(resolve(aliasFirst, "user1@vm.example").strategy()).isEqualTo("default");
        DomainMappings defaultOnly = build("chain", "default");
        assertThat(resolve(defaultOnly, "john.doe@vm.example").unknownUser()).isTrue();
    }

    @Test
    void aliasFileGivesFormatAndFileTypeAndFullAddressesOnlyMatchTheirDomain() throws Exception {
        DomainMappings m = build("chain", "alias-file");
        assertThat(resolve(m, "JANE@vm2.example").asRoute()).isEqualTo("USER1 bsmtp NOTE");
        assertThat(resolve(m, "jane@vm.example").unknownUser()).isTrue();
    }

    @Test
    void mailerSendsEveryoneToOneMachineInBsmtpAndDomainsHaveTheirOwnChains() throws Exception {
        DomainMappings m = build("chain", "default", "chain.list.example", "mailer", "mailer.list.example", "listserv",
            "defaultUser.other.example", "user2");
        Mapping list = resolve(m, "anything-at-all@LIST.example");
        assertThat(list.asRoute()).isEqualTo("LISTSERV bsmtp MAIL");
        assertThat(list.strategy()).isEqualTo("mailer");
        assertThat(resolve(m, "user1@vm.example").asRoute()).isEqualTo("USER1 netdata MAIL");
        assertThat(resolve(m, "zzz@vm.example").userid().value()).isEqualTo("MAINT");
    }

    @Test
    void chainDefaultsForFormatAndFileType() throws Exception {
        DomainMappings m = build("format", "bsmtp", "fileType", "note");
        assertThat(resolve(m, "user1@vm.example").asRoute()).isEqualTo("USER1 bsmtp NOTE");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> build("chain", "default, magic")).hasMessageContaining("unknown strategy 'magic'");
        assertThatThrownBy(() -> build("defaultUser", "TOOLONGUSER")).hasMessageContaining("defaultUser");
        assertThatThrownBy(() -> build("unknownUsers", "bounce")).hasMessageContaining("unknownUsers='bounce'");
        assertThatThrownBy(() -> build("colour", "blue")).hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> build("chain", "ldap")).hasMessageContaining("ldap.url and ldap.baseDn");
        assertThatThrownBy(() -> build("chain", "alias-table")).hasMessageContaining("alias-table");
        assertThatThrownBy(() -> build("ldap.readTimeout", "soon")).hasMessageContaining("ldap.readTimeout='soon'");
    }

    @Test
    void aBrokenAliasFileIsRefusedWithItsLineNumber() throws Exception {
        Path aliases = dir.resolve("bad-aliases");
        Files.writeString(aliases, "ok USER1\nbroken USER.1\n");
        assertThatThrownBy(() -> new AliasFileStrategy(aliases))
            .hasMessageContaining("line 2").hasMessageContaining("invalid character '.'");
    }

    @Test
    void anEditedAliasFileIsReloadedAndABrokenEditKeepsThePreviousAliases() throws Exception {
        Path aliases = dir.resolve("live-aliases");
        Files.writeString(aliases, "john USER1\n");
        AliasFileStrategy strategy = new AliasFileStrategy(aliases);
        RecipientAddress john = RecipientAddress.parse("john@vm.example");
        assertThat(strategy.map(john).orElseThrow().userid().value()).isEqualTo("USER1");
        Files.writeString(aliases, "john USER2\n");
        Files.setLastModifiedTime(aliases, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Thread.sleep(1100);
        assertThat(strategy.map(john).orElseThrow().userid().value()).isEqualTo("USER2");
        Files.writeString(aliases, "john USER!!!2\n");
        Files.setLastModifiedTime(aliases, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
        Thread.sleep(1100);
        assertThat(strategy.map(john).orElseThrow().userid().value()).isEqualTo("USER2");
    }

    @Test
    void cachingStrategyAsksOncePerTtlAndDoesNotCacheFailures() {
        AtomicInteger calls = new AtomicInteger();
        long[] now = {0};
        MappingStrategy counting = new MappingStrategy() {
            @Override
            public String name() {
                return "ldap";
            }

            @Override
            public Optional<MappedUserid> map(RecipientAddress recipient) {
                calls.incrementAndGet();
                if (recipient.localPart().equals("down")) {
                    throw new IllegalStateException("directory down");
                }
                return recipient.localPart().equals("known") ? Optional.of(MappedUserid.of(VmUserid.of("USER1")))
                    : Optional.empty();
            }
        };
        CachingStrategy cache = new CachingStrategy(counting, java.time.Duration.ofSeconds(10), 2, () -> now[0]);
        RecipientAddress known = RecipientAddress.parse("known@vm.example");
        RecipientAddress unknown = RecipientAddress.parse("unknown@vm.example");
        cache.map(known);
        cache.map(known);
        cache.map(unknown);
        cache.map(unknown);
        assertThat(calls).hasValue(2);
        now[0] += 11_000_000_000L;
        assertThat(cache.map(known)).isPresent();
        assertThat(calls).hasValue(3);
        assertThatThrownBy(() -> cache.map(RecipientAddress.parse("down@vm.example"))).hasMessage("directory down");
        assertThatThrownBy(() -> cache.map(RecipientAddress.parse("down@vm.example"))).hasMessage("directory down");
        assertThat(calls).hasValue(5);
    }

    @Test
    void routedLocalPartsAreRecognised() {
        assertThat(RoutedLocalPart.reason("user%other.example")).isPresent();
        assertThat(RoutedLocalPart.reason("other!user")).isPresent();
        assertThat(RoutedLocalPart.reason("\"user@other.example\"")).isPresent();
        assertThat(RoutedLocalPart.reason("user.name+tag")).isEmpty();
    }

    @Test
    void mappingRouteIsWhatTheRepositoryParses() {
        Mapping m = new Mapping(VmUserid.of("mailer"), DeliveryFormat.BSMTP, ReaderFileType.NOTE, "mailer");
        assertThat(io.spoolgate.vmspool.james.ReaderRoute.parse(m.asRoute()))
            .isEqualTo(new io.spoolgate.vmspool.james.ReaderRoute(VmUserid.of("MAILER"), Optional.of(DeliveryFormat.BSMTP),
                Optional.of("NOTE")));
        assertThat(List.of(m.asRoute())).containsExactly("MAILER bsmtp NOTE");
    }
}
