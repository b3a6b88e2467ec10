using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Grains.Identity;

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
        if (!await http.RequestServices.GetRequiredService<ISessionStore>().HasRecentSecondFactorAsync(http.User.SessionId()))
        {
            var returnUrl = http.Request.Method == HttpMethods.Get ? http.Request.Path + http.Request.QueryString : http.Request.Path.ToString();
            context.Result = new RedirectResult("/account/step-up?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        await next();
    }
}
