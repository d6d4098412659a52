/**
 * Huibo's public vocabulary: masked callbacks, their calls and legs, phone numbers,
 * the number pool with its AXB/AXN bindings, the tenants who own them all, and the tokens of
 * the ERP page's call button.
 * Every other bundle meets through the services declared here.
 */
@Export
@Version("2.0.0")
package io.huibo.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
