using System.Net;
using System.Xml.Linq;
using FileSearch.Core.Errors;

namespace FileSearch.Scaling.Internals;

/// <summary>
/// One call of an AWS Query API (form-encoded POST of <c>Action</c>, <c>Version</c> and the parameters, XML answer) over
/// an HttpClient whose handler signs with SigV4. Errors become <see cref="ProcessingException"/>s coded
/// <c>{codePrefix}-{Code}</c>: throttling, 429 and 5xx retryable, the rest permanent
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html).
/// </summary>
internal static class AwsQueryApi
{
    public static async Task<XDocument> CallAsync(HttpClient http, Uri endpoint, string service, string codePrefix, string version, string action,
        IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new("Action", action), new("Version", version), .. parameters]),
        };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw ProcessingException.Retryable(codePrefix + "-unreachable", $"{service} {action} failed to connect: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            XDocument xml;
            try
            {
                xml = XDocument.Parse(body);
            }
            catch (System.Xml.XmlException) when (!response.IsSuccessStatusCode)
            {
                xml = new XDocument();
            }

            if (response.IsSuccessStatusCode)
            {
                return xml;
            }

            var code = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? response.StatusCode.ToString();
            var message = $"{service} {action} failed: {code}: {xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value}";
            throw code is "Throttling" or "ResourceContention" || (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                ? ProcessingException.Retryable(codePrefix + "-" + code, message)
                : ProcessingException.Permanent(codePrefix + "-" + code, message);
        }
    }

    public static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
