# Renders test cases the way Jekyll 4.3 does (Debian's jekyll, kramdown, kramdown-parser-gfm and rouge): the
# reference the kramdown engine is compared with. Reads JSON [{name, kind, source, kramdown, lang, linenos}] on
# stdin (highlight cases may name the site's highlighter), writes JSON {name => html} on stdout. One process for every case: starting Ruby and Jekyll costs ~1 s.
# Kinds: markdown (a body through Jekyll's kramdown converter), highlight (one {% highlight %} block),
# smartify (a text through Jekyll's SmartyPants converter, as the smartify filter does), liquid-markdown (a
# body with highlight tags: Liquid first, with the Markdown converter's highlighter prefix
# and suffix, then kramdown, as Jekyll renders a post).
require 'jekyll'
require 'json'
require 'tmpdir'

# Jekyll's converter keeps a cache keyed by content alone, shared by every instance: off, so that two cases with
# the same text and different `kramdown:` options are each converted with their own options.
Jekyll::Cache.disable_disk_cache! if Jekyll::Cache.respond_to?(:disable_disk_cache!)

def markdown(source, kramdown, highlighter = nil)
  user = {}
  user['kramdown'] = kramdown if kramdown
  user['highlighter'] = highlighter if highlighter
  config = Jekyll::Configuration.from(user)
  Jekyll::Converters::Markdown::KramdownParser.new(config).convert(source)
end

def highlight(source, lang, linenos, site)
  markup = linenos ? "#{lang} linenos" : lang
  Liquid::Template.parse("{% highlight #{markup} %}#{source}{% endhighlight %}").render!({}, registers: { site: site })
end

cases = JSON.parse($stdin.read)
site = nil
# An empty site of its own: the highlight tag asks the site which highlighter is configured (rouge by default).
new_site = lambda do |highlighter = 'rouge'|
  dir = Dir.mktmpdir('fw-kramdown-ref')
  at_exit { FileUtils.remove_entry(dir) }
  Jekyll::Site.new(Jekyll::Configuration.from('source' => dir, 'destination' => File.join(dir, '_site'), 'quiet' => true, 'highlighter' => highlighter))
end
sites = {}
out = {}
cases.each do |c|
  # A case Jekyll itself cannot convert (kramdown raises) is reported as "!error: message", not a failed run.
  out[c['name']] = begin
    case c['kind']
    when 'highlight'
      highlighter = c['highlighter'] || 'rouge'
      highlight(c['source'], c['lang'], c['linenos'], sites[highlighter] ||= new_site.call(highlighter))
    when 'smartify'
      Jekyll::Converters::SmartyPants.new(Jekyll::Configuration.from(c['kramdown'] ? { 'kramdown' => c['kramdown'] } : {})).convert(c['source'])
    when 'liquid-markdown'
      site ||= new_site.call
      body = Liquid::Template.parse(c['source']).render!({ 'highlighter_prefix' => "\n", 'highlighter_suffix' => "\n" }, registers: { site: site })
      markdown(body, c['kramdown'])
    else
      markdown(c['source'], c['kramdown'], c['highlighter'])
    end
  rescue StandardError => e
    "!error: #{e.class}: #{e.message}"
  end
end
$stdout.write(JSON.generate(out))
