using FileSearch.Core.Ports;
using FileSearch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NetVips;

namespace FileSearch.Imaging.Tests;

[Trait("Category", "Integration")]
public sealed class ImagingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddImaging_CalledTwice_OneThumbnailerAndOneHostedService()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddImaging(Config()).AddImaging(Config());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<NetVipsThumbnailer>(Assert.Single(provider.GetServices<IThumbnailer>()));
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Same(provider.GetRequiredService<VipsRuntime>(), provider.GetRequiredService<VipsRuntime>());
        Assert.NotNull(provider.GetRequiredService<PageImageLoader>());
    }

    [Fact]
    public void AddLocalImageEmbedder_CalledTwice_OneLocalEmbedderAndTheThumbnailer()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddLocalImageEmbedder(Config()).AddLocalImageEmbedder(Config());
        using var provider = services.BuildServiceProvider();

        var embedder = Assert.IsType<LocalImageEmbedder>(Assert.Single(provider.GetServices<IImageEmbedder>()));
        Assert.Equal(LocalImageEmbedder.VectorDimension, embedder.Dimension);
        Assert.Single(provider.GetServices<IThumbnailer>());
    }

    [Fact]
    public void AddImaging_ConfiguredSection_ReplacesDefaults()
    {
        var config = Config(("Thumbnails:Sizes:0", "512"), ("Thumbnails:Sizes:1", "1024"), ("Thumbnails:Format", "jpeg"),
            ("Thumbnails:Quality", "70"), ("Thumbnails:MaxPixels", "5000"));
        using var provider = new ServiceCollection().AddLogging().AddImaging(config).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ThumbnailOptions>>().Value;

        Assert.Equal([512, 1024], options.Sizes);
        Assert.Equal((ThumbnailFormat.Jpeg, 70, 5000L), (options.Format, options.Quality, options.MaxPixels));
    }

    [Fact]
    public void AddImaging_NoSection_Defaults()
    {
        using var provider = new ServiceCollection().AddLogging().AddImaging(Config()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ThumbnailOptions>>().Value;

        Assert.Equal([256, 1024], options.Sizes);
        Assert.Equal((ThumbnailFormat.WebP, 80, 100_000_000L), (options.Format, options.Quality, options.MaxPixels));
    }

    [Theory]
    [InlineData("Thumbnails:Sizes:0", "8", "between 16 and 4096")]
    [InlineData("Thumbnails:Quality", "0", "Quality")]
    [InlineData("Thumbnails:MaxPixels", "0", "MaxPixels")]
    public async Task HostStart_InvalidOptions_FailsWithClearMessage(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddImaging(Config((key, value)));
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_ValidOptions_UntrustedLoadersBlocked()
    {
        using var temp = new TempDirectory("fs-vips");
        var csv = temp.Combine("table.csv");
        await File.WriteAllTextAsync(csv, "1,2\n3,4\n");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddImaging(Config());
        using var host = builder.Build();

        await host.StartAsync(CancellationToken.None);
        await host.StopAsync(CancellationToken.None);

        Assert.Null(Image.FindLoad(csv));
        Assert.Matches(@"^8\.\d+\.\d+$", host.Services.GetRequiredService<VipsRuntime>().Version);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
