package io.graphstaging.http.route;

import io.javalin.Javalin;

/** One resource's routes. Handlers only translate HTTP to a use case call and its result back. */
public interface RouteGroup {
    void addTo(Javalin app);
}
