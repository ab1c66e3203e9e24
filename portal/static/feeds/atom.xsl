<?xml version="1.0" encoding="utf-8"?>
<!-- Shows a GFMD Portal Atom feed as a readable page when a browser opens it (feed readers ignore it). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="{@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <link rel="stylesheet" href="/static/css/site.css"/>
      </head>
      <body>
        <header class="site-header"><div class="wrap"><a class="brand" href="/">GFMD Portal</a></div></header>
        <main id="main" class="wrap feed-page">
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="lead"><xsl:value-of select="atom:subtitle"/></p>
          <p class="notice">This is an Atom feed: copy its address from the browser's address bar into a feed reader to follow it. Ce flux Atom se lit dans un lecteur de flux. Este es un canal Atom para un lector de canales.</p>
          <p><a href="{atom:link[@rel='alternate']/@href}">Back to the page</a></p>
          <xsl:for-each select="atom:entry">
            <article class="practice-summary">
              <h2><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h2>
              <p class="byline">
                <xsl:value-of select="atom:author/atom:name"/>
                <!-- No date where the feed gives none: a practice imported without one has no <published>. -->
                <xsl:if test="atom:author/atom:name and atom:published"><xsl:text> · </xsl:text></xsl:if>
                <xsl:if test="atom:published"><time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></xsl:if>
              </p>
              <p class="feed-summary"><xsl:value-of select="atom:summary"/></p>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
