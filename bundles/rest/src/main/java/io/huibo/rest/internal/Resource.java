package io.huibo.rest.internal;

import io.huibo.api.Right;

/** One area of {@code /api/v1}, such as {@code /bindings}: it answers the requests below its root. */
interface Resource {

    /** The right a key needs for this area. */
    Right right();

    /** The right a key needs for {@code method} in this area: {@link #right()} unless the area says otherwise. */
    default Right right(String method) {
        return right();
    }

    /**
     * @param subPath what follows the area's root: empty, or {@code /} and an id
     * @throws ApiException when refused; the servlet answers the contract's error body
     */
    Reply handle(String method, String subPath, ApiRequest request);
}
