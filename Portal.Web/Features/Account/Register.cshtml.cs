using Microsoft.AspNetCore.Authorization;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

[AllowAnonymous]
public sealed class RegisterModel(AccountRequestQueue queue, AttemptThrottle throttle)
    : EmailRequestModel(queue, throttle, AccountRequestKind.Registration);
