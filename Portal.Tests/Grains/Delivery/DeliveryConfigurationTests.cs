using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Grains.Delivery;
using Portal.Messaging;
using Portal.Messaging.Delivery;

namespace Portal.Tests.Grains.Delivery;

public sealed class DeliveryConfigurationTests
{
    [Fact]
    public void Without_any_way_out_the_portal_refuses_to_start_and_says_what_to_set()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Relay([]));
        Assert.Contains("Delivery:Relay:Host or Smtp:Host", error.Message);
    }

    [Fact]
    public void A_relay_section_alone_is_enough_without_an_smtp_host() =>
        Assert.Equal("relay.example.org", Relay(new() { ["Delivery:Relay:Host"] = "relay.example.org" }).Host);

    [Fact]
    public void The_smtp_section_names_the_relay_when_there_is_no_relay_section() =>
        Assert.Equal("smtp.example.org", Relay(new() { ["Smtp:Host"] = "smtp.example.org" }).Host);

    [Fact]
    public void Direct_delivery_needs_no_relay() =>
        Assert.Null(Relay(new() { ["Delivery:Route"] = "Direct" }).Host);

    private static RelayOptions Relay(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPortalMessaging();
        builder.Services.AddPortalDelivery(builder.Configuration);
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<RelayOptions>>().Value;
    }
}
