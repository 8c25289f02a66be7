using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FileSearch.Server.Tests.Browser;

/// <summary>The web UI in a real browser (Debian's chromium) against the real server over ingested samples.</summary>
[Collection(WebUiCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebUiTests(WebUiServer server) : IAsyncLifetime
{
    private const string Contract = "契約書_業務委託_2025.pdf";
    private const string Photo = "photo_office.jpg";
    private const float Timeout = 20_000;
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext? _context;

    public Task InitializeAsync()
    {
        SetDefaultExpectTimeout(Timeout);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    [Fact]
    public async Task Search_Contract_ShowsHitWithThumbnailAndHighlightedSnippet()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"));

        var hit = page.Locator(".hit").Filter(new() { HasText = Contract });
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator(".hit-snippet mark").First).ToBeVisibleAsync();
        await Expect(hit.Locator(".hit-thumb img")).ToHaveAttributeAsync("loading", "lazy");
        await page.WaitForFunctionAsync(
            "name => [...document.querySelectorAll('.hit')].some(h => h.textContent.includes(name) && h.querySelector('.hit-thumb img')?.naturalWidth > 0)",
            Contract, new() { Timeout = Timeout });
        await Expect(page.Locator("#result-status")).ToContainTextAsync("件");
        await ScreenshotAsync(page, "search-results-ja.png");

        Assert.DoesNotContain(_consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Search_TextFile_ShowsItsCardInResultsAndOnItsPage()
    {
        const string minutes = "議事録_sjis.txt";
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("議事録"));

        var hit = page.Locator(".hit").Filter(new() { HasText = minutes });
        await Expect(hit).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "name => [...document.querySelectorAll('.hit')].some(h => h.textContent.includes(name) && h.querySelector('.hit-thumb img')?.naturalWidth > 0)",
            minutes, new() { Timeout = Timeout });
        await hit.Locator(".hit-name a").ClickAsync();

        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(minutes);
        await page.WaitForFunctionAsync("() => document.getElementById('preview')?.naturalHeight === 1024", null, new() { Timeout = Timeout });
    }

    [Fact]
    public async Task Search_FilterByType_ShowsOnlyThatTypeAndBackRestores()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"));
        await Expect(page.Locator(".hit").First).ToBeVisibleAsync();
        var before = await page.Locator(".hit").CountAsync();

        await page.SelectOptionAsync("#type", "pdf");

        await page.WaitForURLAsync("**type=pdf**", new() { Timeout = Timeout });
        await Expect(page.Locator(".hit .badge").First).ToHaveTextAsync("PDF");
        foreach (var badge in await page.Locator(".hit .badge").AllTextContentsAsync())
        {
            Assert.Equal("PDF", badge);
        }

        await Expect(page.Locator(".chip")).ToHaveCountAsync(1);
        await page.GoBackAsync(new() { Timeout = Timeout });
        await Expect(page.Locator(".hit")).ToHaveCountAsync(before);
        Assert.DoesNotContain("type=", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_OpenFromResultsAndDownload_OriginalBytesEqualSample()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"));
        await page.Locator(".hit-name a").Filter(new() { HasText = Contract }).ClickAsync();

        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(Contract);
        await Expect(page.Locator("#text mark").First).ToBeVisibleAsync();
        await Expect(page.Locator("#meta")).ToContainTextAsync(Contract);
        await page.ClickAsync("#next-match");
        await Expect(page.Locator("#text mark.current")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "document-ja.png");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"), new() { Timeout = Timeout });
        var saved = Path.Combine(Path.GetTempPath(), $"fs-webui-download-{Guid.NewGuid():N}.pdf");
        try
        {
            await download.SaveAsAsync(saved);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(server.SamplesDirectory, Contract)), await File.ReadAllBytesAsync(saved));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Member_FromResults_PageShowsChainCardAndDownloadsItsBytes()
    {
        const string quote = WebUiServer.MemberArchive + " › 見積/見積書.txt";
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("ネットワーク更改"));
        var hit = page.Locator(".hit").Filter(new() { HasText = quote });
        await Expect(hit).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "name => [...document.querySelectorAll('.hit')].some(h => h.textContent.includes(name) && h.querySelector('.hit-thumb img')?.naturalWidth > 0)",
            quote, new() { Timeout = Timeout });

        await hit.Locator(".hit-name a").ClickAsync();

        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(quote);
        await Expect(page.Locator("#doc-chain")).ToHaveTextAsync("格納元: " + WebUiServer.MemberArchive + " › 見積/見積書.txt");
        await page.WaitForFunctionAsync("() => document.getElementById('preview')?.naturalHeight === 1024", null, new() { Timeout = Timeout });
        await Expect(page.Locator("#text")).ToContainTextAsync("ネットワーク更改工事");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"), new() { Timeout = Timeout });
        Assert.Equal("見積書.txt", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"fs-webui-member-{Guid.NewGuid():N}.txt");
        try
        {
            await download.SaveAsAsync(saved);
            Assert.Equal(WebUiServer.QuoteText, await File.ReadAllTextAsync(saved));
        }
        finally
        {
            File.Delete(saved);
        }

        await page.ClickAsync("#parent-link");
        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(WebUiServer.MemberArchive);
        await Expect(page.Locator("#doc-chain")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Member_PhotographInArchive_RealThumbnailOnItsPage()
    {
        var page = await OpenAsync("/");
        var search = await page.APIRequest.GetAsync("/api/v1/search?q=&limit=100");
        Assert.Equal(200, search.Status);
        var photo = (await search.JsonAsync())!.Value.GetProperty("hits").EnumerateArray()
            .Single(h => h.GetProperty("name").GetString() == WebUiServer.MemberArchive + " › 写真/現場.jpg");
        var id = photo.GetProperty("id").GetString()!;

        var thumbnail = await page.APIRequest.GetAsync($"/api/v1/documents/{id}/thumbnail?size=256");
        Assert.Equal((200, "image/webp"), (thumbnail.Status, thumbnail.Headers["content-type"]));
        Assert.Equal(200, (await page.APIRequest.GetAsync($"/api/v1/documents/{id}")).Status);
        await page.GotoAsync($"/document.html?id={id}");

        await Expect(page.Locator("#parent-link")).ToHaveTextAsync(WebUiServer.MemberArchive);
        // A photograph's own picture (wider than tall), not the portrait card of a file without one.
        await page.WaitForFunctionAsync(
            "() => { const p = document.getElementById('preview'); return p?.naturalWidth === 1024 && p.naturalHeight < 1024; }",
            null, new() { Timeout = Timeout });
        // A picture without text: nothing was read, so no confidence and no warning sign.
        await Expect(page.Locator("#ocr-summary")).ToContainTextAsync("文字は見つかりませんでした");
        await Expect(page.Locator("#ocr-pages")).ToContainTextAsync("文字なし");
        await Expect(page.Locator("#ocr-pages .badge-warn")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "document-member-ja.png");
    }

    [Fact]
    public async Task ImageSearch_EditedCopyOfPhoto_ShowsOriginalFirst()
    {
        var edited = Path.Combine(Path.GetTempPath(), $"fs-webui-edited-{Guid.NewGuid():N}.jpg");
        try
        {
            using (var original = NetVips.Image.NewFromFile(Path.Combine(server.SamplesDirectory, Photo)))
            using (var smaller = original.Resize(0.8))
            using (var brighter = smaller.Linear([1.08], [6.0]))
            {
                brighter.WriteToFile(edited);
            }

            var page = await OpenAsync("/image.html");
            await page.SetInputFilesAsync("#image-file", edited);

            await Expect(page.Locator("#results .hit").First).ToBeVisibleAsync();
            await Expect(page.Locator("#results .hit-name").First).ToHaveTextAsync(Photo);
            await Expect(page.Locator("#query-preview")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "image-search-ja.png");
        }
        finally
        {
            File.Delete(edited);
        }
    }

    [Fact]
    public async Task Admin_DeadLetteredFile_RedriveAllEmptiesList()
    {
        var page = await OpenAsync("/admin.html");
        await Expect(page.Locator("#nav-admin")).ToBeVisibleAsync();
        await Expect(page.Locator("#dlq tr").Filter(new() { HasText = WebUiServer.CorruptFileName })).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart svg")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-ja.png");

        await page.ClickAsync("#redrive-all");

        await Expect(page.Locator("#dlq-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#dlq tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Language_SwitchToJapaneseFromEnglish_ChangesTextAndPersists()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"), locale: "en-US");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("nav.site-nav a[href='/']")).ToHaveTextAsync("Search");
        await Expect(page.Locator("#result-status")).ToContainTextAsync("results");
        await ScreenshotAsync(page, "search-results-en.png");

        await page.SelectOptionAsync("#lang-switch", "ja");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.Locator("nav.site-nav a[href='/']")).ToHaveTextAsync("検索");
        await page.ReloadAsync(new() { Timeout = Timeout });
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.Locator("#lang-switch")).ToHaveValueAsync("ja");

        await page.SelectOptionAsync("#lang-switch", "en");
        await page.GotoAsync("/document.html?id=" + Uri.EscapeDataString(await FirstHitIdAsync(page)) + "&q=" + Uri.EscapeDataString("契約"));
        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(Contract);
        await Expect(page.Locator("#text mark").First).ToBeVisibleAsync();
        await Expect(page.Locator("#download")).ToHaveTextAsync("Download original");
        await ScreenshotAsync(page, "document-en.png");
    }

    [Fact]
    public async Task Search_SuggestionChosenWithKeyboard_SearchesForIt()
    {
        // The suggestions come from a canned answer: this checks the combobox, whatever the index suggests.
        _context = await server.NewContextAsync();
        await _context.RouteAsync("**/api/v1/suggest?**", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = /*lang=json,strict*/ """{"prefix":"契","suggestions":[{"text":"契約","source":"term","documents":2},{"text":"契約書_業務委託_2025.pdf","source":"name","documents":1}]}""",
        }));
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        var box = page.Locator("#q");

        await box.FillAsync("契");
        await Expect(page.Locator("#suggestions [role=option]")).ToHaveCountAsync(2);
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await box.PressAsync("ArrowDown");
        await Expect(box).ToHaveAttributeAsync("aria-activedescendant", "suggestion-0");
        await Expect(page.Locator("#suggestion-0")).ToHaveAttributeAsync("aria-selected", "true");
        await ScreenshotAsync(page, "search-suggestions-ja.png");
        await box.PressAsync("Enter");

        await page.WaitForURLAsync("**q=%E5%A5%91%E7%B4%84**", new() { Timeout = Timeout });
        await Expect(page.Locator(".hit").Filter(new() { HasText = Contract })).ToHaveCountAsync(1);
        await Expect(page.Locator("#suggestions")).ToBeHiddenAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task Search_InvalidDateInUrl_ShowsTheProblemPolitely()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約") + "&from=2025-13-45");

        var error = page.Locator("#error[role=alert]");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error.Locator(".error-title")).ToHaveTextAsync("入力内容を確認してください。");
        await Expect(error.Locator(".error-fields li")).ToContainTextAsync("from");
        await Expect(page.Locator(".hit")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Search_NarrowScreen_FitsWithoutHorizontalScrolling()
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"), width: 375);
        await Expect(page.Locator(".hit").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");

        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 375px screen");
        await ScreenshotAsync(page, "search-results-375px.png");
    }

    [Theory]
    [InlineData("ja-JP", "他に2件のコピー")]
    [InlineData("en-US", "2 other copies")]
    public async Task Search_CollapseCopies_OneHitShowsTheGroupAndExpandsIt(string locale, string label)
    {
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("議事録") + "&collapse=duplicates", locale);
        var group = page.Locator(".hit .hit-group");

        await Expect(group).ToHaveCountAsync(1);
        await Expect(page.Locator(".hit").Filter(new() { HasText = "議事録_sjis" })).ToHaveCountAsync(1);
        await Expect(group.Locator("summary")).ToHaveTextAsync(label);
        await Expect(page.Locator("#collapse")).ToHaveValueAsync("duplicates");
        await group.Locator("summary").ClickAsync();
        await Expect(group.Locator(".hit-group-list li a")).ToHaveCountAsync(2);
        var others = await group.Locator(".hit-group-list li a").AllTextContentsAsync();
        Assert.Equal(2, others.Count(o => o.Contains("議事録_sjis", StringComparison.Ordinal)));
        await ScreenshotAsync(page, $"search-collapsed-{locale}.png");

        await page.SelectOptionAsync("#collapse", "");
        await page.WaitForFunctionAsync("() => !location.search.includes('collapse')", null, new() { Timeout = Timeout });
        await Expect(page.Locator(".hit").Filter(new() { HasText = "議事録_sjis" })).ToHaveCountAsync(3);
        await Expect(page.Locator(".hit-group")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("collapsed")]
    [InlineData("search")]
    [InlineData("document")]
    [InlineData("image")]
    [InlineData("admin")]
    public async Task Axe_Page_HasNoSeriousOrCriticalViolations(string name)
    {
        // axe-core is injected as an inline script, which the page's Content-Security-Policy rightly refuses.
        var page = await OpenAsync("/?q=" + Uri.EscapeDataString("契約"), bypassCsp: true);
        await Expect(page.Locator(".hit").First).ToBeVisibleAsync();
        switch (name)
        {
            case "document":
                await page.GotoAsync("/document.html?id=" + Uri.EscapeDataString(await FirstHitIdAsync(page)) + "&q=" + Uri.EscapeDataString("契約"));
                await Expect(page.Locator("#text mark").First).ToBeVisibleAsync();
                break;
            case "collapsed":
                await page.GotoAsync("/?q=" + Uri.EscapeDataString("議事録") + "&collapse=duplicates");
                await page.Locator(".hit-group summary").ClickAsync();
                await Expect(page.Locator(".hit-group-list li a")).ToHaveCountAsync(2);
                break;
            case "image":
                await page.GotoAsync("/image.html");
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
                break;
            case "admin":
                await page.GotoAsync("/admin.html");
                await Expect(page.Locator("#chart svg")).ToBeVisibleAsync();
                break;
        }

        await page.AddScriptTagAsync(new() { Path = WebUiServer.AxeScript });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})`)");

        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"{name}: {string.Join("\n", violations)}");
    }

    private static async Task<string> FirstHitIdAsync(IPage page)
    {
        var href = await page.Locator(".hit-name a").Filter(new() { HasText = Contract }).GetAttributeAsync("href") ?? "";
        var query = href[(href.IndexOf('?', StringComparison.Ordinal) + 1)..];
        var id = query.Split('&').First(p => p.StartsWith("id=", StringComparison.Ordinal))[3..];
        return Uri.UnescapeDataString(id);
    }

    private async Task<IPage> OpenAsync(string path, string locale = "ja-JP", bool bypassCsp = false, int width = 1280)
    {
        _context = await server.NewContextAsync(locale, bypassCsp, width);
        _context.SetDefaultTimeout(Timeout);
        _context.SetDefaultNavigationTimeout(Timeout);
        var page = await _context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(path);
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(WebUiServer.ScreenshotDirectory, name), FullPage = true });
}
