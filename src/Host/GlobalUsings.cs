// The vocabulary every endpoint file of the host speaks: callers' claims, typed results, scopes, outcomes and settings.
global using System.Security.Claims;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.Options;
global using Platform.Contracts.Accounts;
global using Platform.Host.Accounts;
global using Platform.Host.Defaults;
global using Platform.Storage.Outcomes;
