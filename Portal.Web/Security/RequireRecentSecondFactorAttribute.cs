using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Step-up for sensitive pages (audit log, factor changes, PHI export, break-glass): when the
/// session's last second factor is older than <see cref="SessionLimitsOptions.StepUpMaxAge"/>, the user
/// proves it again before the page runs.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireRecentSecondFactorAttribute : Attribute, IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var maxAge = services.GetRequiredService<IOptions<SessionLimitsOptions>>().Value.StepUpMaxAge;
        var session = http.User.SessionId();
        var proved = session is null ? null : await services.GetRequiredService<SessionStore>().SecondFactorTimeAsync(session.Value);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (proved is null || now - proved.Value > maxAge)
        {
            var returnUrl = http.Request.Method == HttpMethods.Get ? http.Request.Path + http.Request.QueryString : http.Request.Path.ToString();
            context.Result = new RedirectResult("/account/step-up?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        await next();
    }
}
