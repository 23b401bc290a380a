using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Engine.Host.Web.Dashboard;

/// <summary>
/// The door of /hangfire: HTTP Basic against the configured users. No header, an unknown name or a wrong password:
/// 401 with the Basic challenge (the browser asks), nothing else answered. A known user goes on to the dashboard with
/// their role; the dashboard is read-only unless the role is operator (<see cref="IsReadOnly"/>).
/// </summary>
public sealed class DashboardAccess(DashboardUsers users, Serilog.ILogger log) : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (users.Authenticate(authorization) is { } user)
        {
            context.User = DashboardUsers.Principal(user);
            return next(context);
        }
        // A first request without credentials is the usual start of Basic; one with wrong ones is worth a line. Neither the
        // name nor the password is logged (a password is often typed in the wrong field).
        if (authorization.Length > 0)
            log.ForContext<DashboardAccess>().Warning("Dashboard: credentials refused for a request from {Remote}", context.Connection.RemoteIpAddress?.ToString());
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"engine dashboard\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    /// <summary>Hangfire's own check, behind the door: only an authenticated user reaches the dashboard.</summary>
    public sealed class Authenticated : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;
    }

    /// <summary>Auditors see everything and change nothing: no buttons, and Hangfire refuses their commands.</summary>
    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(DashboardUsers.Operator);
}
