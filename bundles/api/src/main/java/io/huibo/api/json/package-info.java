/**
 * Strict reading of JSON that arrives from outside: every request body Huibo parses, in the HTTP
 * API, the call button and the adapters, goes through {@link io.huibo.api.json.StrictJson}, so
 * that what one surface refuses no other accepts.
 */
@Export
@Version("1.0.0")
package io.huibo.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
