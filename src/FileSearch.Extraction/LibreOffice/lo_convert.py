"""Converts documents with one running LibreOffice instance over UNO, one request per line.

Started by FileSearch's LibreOfficeConverter as `python3 lo_convert.py PIPE CONNECT_SECONDS`, beside a headless soffice
that listens on `--accept=pipe,name=PIPE;urp;`. Prints `READY` once connected, then reads JSON lines
{"in": path, "outputs": [{"out": path, "filter": name, "filterData": {name: text}}, ...]} (filterData optional; filter
"pdf" picks the PDF export filter of the document's application). The document is loaded once and written to every
output in order. Each request is answered with one JSON line: {"ok": true, "skipped": [{"out": path, "error": text}]} (skipped:
outputs after the first that could not be written), or {"ok": false, "kind": "load" | "fatal", "error": text}.
"load": LibreOffice cannot open this document or write its first output; "fatal": the instance is gone, the process
exits and the supervisor restarts both.
"""
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, seconds):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def instance_lost(e):
    """The office or the bridge to it is gone (not a problem of the document). pyuno names its exception classes with
    their full UNO name (com.sun.star.lang.DisposedException), so the last part is compared."""
    return type(e).__name__.rsplit(".", 1)[-1] in ("DisposedException", "RuntimeException")


def answer(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


PDF_FILTERS = (
    ("com.sun.star.sheet.SpreadsheetDocument", "calc_pdf_Export"),
    ("com.sun.star.presentation.PresentationDocument", "impress_pdf_Export"),
    ("com.sun.star.drawing.DrawingDocument", "draw_pdf_Export"),
)


def filter_for(doc, name):
    """A PDF export filter belongs to one application: "pdf" becomes the one of the loaded document's."""
    if name != "pdf":
        return name
    for service, pdf_filter in PDF_FILTERS:
        if doc.supportsService(service):
            return pdf_filter
    return "writer_pdf_Export"


def store(doc, output):
    args = [prop("FilterName", filter_for(doc, output["filter"])), prop("Overwrite", True)]
    data = output.get("filterData")
    if data:
        # FilterData is a sequence of PropertyValue inside an Any: pyuno needs the type spelled out and uno.invoke.
        seq = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(prop(k, v) for k, v in data.items()))
        args.append(prop("FilterData", seq))
    url = uno.systemPathToFileUrl(output["out"])
    uno.invoke(doc, "storeToURL", (url, uno.Any("[]com.sun.star.beans.PropertyValue", tuple(args))))


def describe(e):
    return "%s: %s" % (type(e).__name__, getattr(e, "Message", str(e)))


def convert(desktop, request):
    outputs = request["outputs"]
    load = (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0))
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0, load)
    except Exception as e:  # IllegalArgumentException, IOException: the file does not load
        if instance_lost(e):
            raise
        return answer(ok=False, kind="load", error=describe(e))
    if doc is None:
        return answer(ok=False, kind="load", error="LibreOffice could not open the file")
    skipped = []
    try:
        for index, output in enumerate(outputs):
            try:
                store(doc, output)
            except Exception as e:
                if instance_lost(e):
                    raise
                if index == 0:
                    return answer(ok=False, kind="load", error=describe(e))
                skipped.append({"out": output["out"], "error": describe(e)})
    finally:
        try:
            doc.close(True)
        except Exception:
            pass
    answer(ok=True, skipped=skipped)


def main():
    try:
        desktop = connect(sys.argv[1], float(sys.argv[2]))
    except Exception as e:
        answer(ok=False, kind="fatal", error="cannot connect to LibreOffice: %s" % e)
        return 2
    answer(ready=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            convert(desktop, json.loads(line))
        except Exception as e:
            answer(ok=False, kind="fatal", error=describe(e))
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
