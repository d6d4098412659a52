/**
 * Huibo's public vocabulary: masked callbacks, their calls and legs, and phone numbers.
 * Every other bundle meets through the services declared here.
 */
@Export
@Version("1.3.0")
package io.huibo.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
