<?php
// Router for PHP's built-in web server (php -S ... marmot-router.php): serve files and
// directories that exist, send every other path (/wp-sitemap.xml, pretty permalinks) to
// WordPress's index.php, as WordPress's .htaccess rules do under Apache.
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = __DIR__ . $path;
if ($path !== '/' && (is_file($file) || is_file(rtrim($file, '/') . '/index.php'))) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
chdir(__DIR__);
require __DIR__ . '/index.php';
