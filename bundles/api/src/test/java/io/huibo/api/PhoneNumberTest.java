package io.huibo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PhoneNumberTest {

    @Test
    void nationalMobileAndLandlineFormsNormaliseToE164() {
        assertEquals("+8613800138000", PhoneNumber.parse("13800138000", "CN").e164());
        assertEquals("+861065529988", PhoneNumber.parse("010-6552 9988", "CN").e164());
        assertEquals("+8613800138000", PhoneNumber.parse("+86 138 0013 8000", "CN").e164());
        assertEquals("+8613800138000", PhoneNumber.ofE164("+8613800138000").e164());
    }

    @Test
    void toStringMasksTheMiddle() {
        PhoneNumber n = PhoneNumber.parse("13800138000", "CN");
        assertEquals("+86138****8000", n.toString());
        assertEquals("+86106****9988", PhoneNumber.parse("010-6552 9988", "CN").masked());
    }

    @Test
    void garbageAndImpossibleNumbersAreRejected() {
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.parse("", "CN"));
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.parse("call me", "CN"));
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.parse("123", "CN"));
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.ofE164("13800138000"));
    }

    @Test
    void equalityIsOnTheRealNumber() {
        assertEquals(PhoneNumber.parse("13800138000", "CN"), PhoneNumber.parse("+8613800138000", "CN"));
    }

    @Test
    void aNumberValidatedOnceIsReusedAndAnInvalidOneStaysInvalid() {
        PhoneNumber first = PhoneNumber.ofE164("+8613900139000");
        assertSame(first, PhoneNumber.ofE164("+8613900139000"));
        assertSame(first, PhoneNumber.parse("+8613900139000", "US"), "E.164 means the same in any region");
        assertEquals("+86139****9000", first.masked());
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.ofE164("+861390013900"));
        assertThrows(InvalidNumberException.class, () -> PhoneNumber.ofE164("+861390013900"));
    }
}
