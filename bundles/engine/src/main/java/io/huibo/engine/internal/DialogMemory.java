package io.huibo.engine.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import javax.sip.Dialog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPDialog;

/**
 * Lets a confirmed dialog we started drop the messages of its setup. With
 * {@code RELEASE_REFERENCES_STRATEGY} on, JAIN-SIP keeps only what a dialog needs for its later
 * requests (ids, tags, route set, the last ACK) once the ACK is done, but it does so only for
 * dialogs it answered, when their ACK arrives; a dialog we started keeps its INVITE, its 2xx
 * and both transactions for as long as the call lasts, most of a held call's heap. The same
 * clean-up is run here after our ACK. It is JAIN-SIP's own method, not public, so it is reached
 * by reflection; should a JAIN-SIP upgrade lose it, dialogs keep their messages, as before.
 */
final class DialogMemory {
    private static final Logger LOG = LoggerFactory.getLogger(DialogMemory.class);
    private static final Method CLEAN_UP_ON_ACK = cleanUpOnAck();

    private DialogMemory() {
    }

    static void releaseSetup(Dialog dialog) {
        if (CLEAN_UP_ON_ACK == null || !(dialog instanceof SIPDialog)) {
            return;
        }
        try {
            CLEAN_UP_ON_ACK.invoke(dialog);
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.debug("A dialog kept its setup messages", e);
        }
    }

    private static Method cleanUpOnAck() {
        try {
            Method method = SIPDialog.class.getDeclaredMethod("cleanUpOnAck");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.info("This JAIN-SIP has no SIPDialog.cleanUpOnAck: dialogs keep their setup messages");
            return null;
        }
    }
}
