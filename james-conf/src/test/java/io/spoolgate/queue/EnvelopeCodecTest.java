package io.spoolgate.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableMap;

class EnvelopeCodecTest {

    private static Attribute attribute(String name, AttributeValue<?> value) {
        return new Attribute(AttributeName.of(name), value);
    }

    @Test
    void everyKindOfAttributeValueComesBackEqual() throws Exception {
        MailImpl mail = MailImpl.builder().name("m").addRecipient("u@vm.example")
            .addAttribute(attribute("s", AttributeValue.of("text with ünïcode")))
            .addAttribute(attribute("i", AttributeValue.of(42)))
            .addAttribute(attribute("l", AttributeValue.of(1L << 40)))
            .addAttribute(attribute("b", AttributeValue.of(true)))
            .addAttribute(attribute("list", AttributeValue.of(List.of(AttributeValue.of("a"), AttributeValue.of(1)))))
            .addAttribute(attribute("map", AttributeValue.of(Map.of("k", AttributeValue.of("v")))))
            .build();
        mail.setDsnParameters(DsnParameters.builder().envId(DsnParameters.EnvId.of("env-1"))
            .ret(DsnParameters.Ret.HDRS)
            .rcptParameters(ImmutableMap.of(new MailAddress("u@vm.example"),
                DsnParameters.RecipientDsnParameters.of(new MailAddress("orig@example.com"))))
            .build().get());
        Mail back = EnvelopeCodec.decode(EnvelopeCodec.encode(mail));
        assertThat(back.attributes()).containsExactlyInAnyOrderElementsOf(mail.attributes().toList());
        assertThat(back.dsnParameters()).isEqualTo(mail.dsnParameters());
        assertThat(back.getMaybeSender().isNullSender()).isTrue();
        assertThat(EnvelopeCodec.summary(EnvelopeCodec.encode(mail)).recipients()).containsExactly("u@vm.example");
    }

    @Test
    void anAttributeJamesCannotSerialiseIsLeftOut() throws Exception {
        MailImpl mail = MailImpl.builder().name("m").addRecipient("u@vm.example")
            .addAttribute(attribute("odd", AttributeValue.ofUnserializable(new Object())))
            .addAttribute(attribute("kept", AttributeValue.of("yes")))
            .build();
        assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(mail)).attributes())
            .extracting(a -> a.getName().asString()).containsExactly("kept");
    }

    @Test
    void aDamagedEnvelopeIsAnIoError() throws Exception {
        byte[] envelope = EnvelopeCodec.encode(MailImpl.builder().name("m").addRecipient("u@vm.example").build());
        envelope[0] = 9;
        assertThatThrownBy(() -> EnvelopeCodec.decode(envelope)).isInstanceOf(IOException.class)
            .hasMessageContaining("version");
        byte[] cut = java.util.Arrays.copyOf(EnvelopeCodec.encode(MailImpl.builder().name("m")
            .addRecipient("u@vm.example").build()), 10);
        assertThatThrownBy(() -> EnvelopeCodec.decode(cut)).isInstanceOf(IOException.class);
    }
}
